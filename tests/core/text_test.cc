// Text helpers under the codecs and SigV4.
#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace nimbus::core {
namespace {

TEST(TextTest, UrlDecode) {
  std::string out;
  ASSERT_TRUE(UrlDecode("a%20b+c%2Bd%C3%BC", &out));
  EXPECT_EQ(out, "a b c+d\xC3\xBC");
  ASSERT_TRUE(UrlDecode("a+b", &out, false));
  EXPECT_EQ(out, "a+b");
  ASSERT_TRUE(UrlDecode("%41", &out));
  EXPECT_EQ(out, "A");
  EXPECT_FALSE(UrlDecode("%4", &out));
  EXPECT_FALSE(UrlDecode("%", &out));
  EXPECT_FALSE(UrlDecode("%G1", &out));
  EXPECT_FALSE(UrlDecode("abc%", &out));
}

TEST(TextTest, UriEncode) {
  EXPECT_EQ(UriEncode("a b+c=(1)~\xC3\xBC.json"), "a%20b%2Bc%3D%281%29~%C3%BC.json");
  EXPECT_EQ(UriEncode("dir/k", true), "dir/k");
  EXPECT_EQ(UriEncode("dir/k"), "dir%2Fk");
}

TEST(TextTest, Base64RoundTrip) {
  for (const std::string& bytes : {std::string(""), std::string("f"), std::string("fo"),
                                   std::string("foo"), std::string("foob"),
                                   std::string("\0\xff\x10", 3)}) {
    std::string back;
    ASSERT_TRUE(Base64Decode(Base64Encode(bytes), &back)) << bytes;
    EXPECT_EQ(back, bytes);
  }
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  std::string out;
  EXPECT_TRUE(Base64Decode("Zm9vYg", &out));  // padding optional
  EXPECT_EQ(out, "foob");
  EXPECT_FALSE(Base64Decode("Zm9v!g==", &out));
  EXPECT_FALSE(Base64Decode("Z", &out));
}

TEST(TextTest, XmlEscapeWritesMarkupAndWhitespaceAsReferences) {
  EXPECT_EQ(XmlEscape("<a href=\"x\">'&'</a>\r\n\t"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;&#xD;&#xA;&#x9;");
}

TEST(TextTest, XmlEscapeKeepsWellFormedUtf8) {
  // U+00FC, U+20AC, U+FFFD, U+1F600 and U+10FFFF, the highest code point.
  const std::string text = "\xC3\xBC \xE2\x82\xAC \xEF\xBF\xBD \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
  EXPECT_EQ(XmlEscape(text), text);
}

// U+FFFD, as XmlEscape writes it.
const std::string kReplacement = "\xEF\xBF\xBD";

TEST(TextTest, XmlEscapeReplacesControlCharactersWithReplacementCharacter) {
  EXPECT_EQ(XmlEscape(std::string("ab\x01z\x00\x1F\x7F", 7)),
            "ab" + kReplacement + "z" + kReplacement + kReplacement + "\x7F");
}

TEST(TextTest, XmlEscapeReplacesNonCharactersFffeAndFfff) {
  EXPECT_EQ(XmlEscape("a\xEF\xBF\xBEz\xEF\xBF\xBF"), "a" + kReplacement + "z" + kReplacement);
}

TEST(TextTest, XmlEscapeReplacesEachIllFormedUtf8SubsequenceOnce) {
  const std::string r = kReplacement;
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"a\xFFz", "a" + r + "z"},                 // never a UTF-8 byte
      {"a\x80z", "a" + r + "z"},                 // lone continuation byte
      {"a\xC0\xAF", "a" + r + r},                // overlong '/'
      {"a\xE2\x82", "a" + r},                    // truncated at the end
      {"a\xE2\x82z", "a" + r + "z"},             // truncated before ASCII
      {"\xED\xA0\x80", r + r + r},               // surrogate U+D800
      {"\xF4\x90\x80\x80", r + r + r + r},       // above U+10FFFF
      {"\xF0\x9F\x98<", r + "&lt;"},             // truncated before markup
  };
  for (const auto& c : cases) {
    EXPECT_EQ(XmlEscape(c.in), c.out) << HexEncode(c.in);
  }
}

TEST(TextTest, SplitTrimAndCase) {
  EXPECT_EQ(Split("a,,b,", ','), (std::vector<std::string_view>{"a", "", "b", ""}));
  EXPECT_EQ(Split("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(Trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_TRUE(EqualsIgnoreCase("Content-Type", "content-type"));
  EXPECT_FALSE(EqualsIgnoreCase("Content-Type", "content-typ"));
  EXPECT_EQ(ToLower("X-Amz-Meta-Owner"), "x-amz-meta-owner");
  EXPECT_TRUE(StartsWith("STREAMING-UNSIGNED", "STREAMING-"));
  EXPECT_FALSE(StartsWith("STREAM", "STREAMING-"));
  EXPECT_EQ(HexEncode(std::string("\x00\xab", 2)), "00ab");
}

TEST(TextTest, IsHexAcceptsDigitsAndLettersAToFInEitherCase) {
  EXPECT_TRUE(IsHex("0123456789abcdefABCDEF"));
  EXPECT_TRUE(IsHex(""));
  EXPECT_FALSE(IsHex("12g4"));
  EXPECT_FALSE(IsHex("12 4"));
  EXPECT_FALSE(IsHex("-1"));
}

TEST(TextTest, IsLowerHexRefusesUpperCaseLetters) {
  EXPECT_TRUE(IsLowerHex("0123456789abcdef"));
  EXPECT_TRUE(IsLowerHex(""));
  EXPECT_FALSE(IsLowerHex("0123456789ABCDEF"));
  EXPECT_FALSE(IsLowerHex("abcdefg"));
}

}  // namespace
}  // namespace nimbus::core
