#include "core/auth/sigv4.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "core/text.h"
#include "testing/http_fixture.h"

namespace nimbus::core::auth {
namespace {

constexpr std::string_view kAccessKey = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// "20261122T020329Z" -> milliseconds since the epoch.
int64_t AmzDateMillis(std::string_view amz_date) {
  std::tm tm{};
  tm.tm_year = std::stoi(std::string(amz_date.substr(0, 4))) - 1900;
  tm.tm_mon = std::stoi(std::string(amz_date.substr(4, 2))) - 1;
  tm.tm_mday = std::stoi(std::string(amz_date.substr(6, 2)));
  tm.tm_hour = std::stoi(std::string(amz_date.substr(9, 2)));
  tm.tm_min = std::stoi(std::string(amz_date.substr(11, 2)));
  tm.tm_sec = std::stoi(std::string(amz_date.substr(13, 2)));
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

// The test's own SigV4 primitives, independent of the code under test.
std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string TestSigningKey(std::string_view date, std::string_view region,
                           std::string_view service) {
  std::string key = HmacSha256("AWS4" + std::string(kSecret), date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  return HmacSha256(key, "aws4_request");
}

// CRC-32 (IEEE), as S3's x-amz-checksum-crc32 uses it: base64 of the big-endian value.
std::string Crc32Base64(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (const char c : data) {
    crc ^= static_cast<unsigned char>(c);
    for (int i = 0; i < 8; ++i) {
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  }
  crc ^= 0xFFFFFFFFu;
  const char bytes[] = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16),
                        static_cast<char>(crc >> 8), static_cast<char>(crc)};
  return Base64Encode(std::string_view(bytes, 4));
}

void SetHeader(HttpRequest& request, std::string_view name, std::string value) {
  for (HttpHeader& header : request.headers) {
    if (EqualsIgnoreCase(header.name, name)) {
      header.value = std::move(value);
      return;
    }
  }
  request.headers.push_back({std::string(name), std::move(value)});
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

// Parses `request`, which must be signed, and checks it at `now_millis`.
std::optional<AuthError> ParseAndVerify(const HttpRequest& request, int64_t now_millis,
                                        std::string_view secret = kSecret) {
  AuthError error{};
  const std::optional<SignatureInfo> info = ParseSignature(request, &error);
  if (!info) {
    return error;
  }
  return VerifySignature(request, *info, secret, now_millis, info->service == "s3");
}

int64_t SignedAtMillis(const HttpRequest& request) {
  AuthError error{};
  const std::optional<SignatureInfo> info = ParseSignature(request, &error);
  return info ? AmzDateMillis(info->amz_date) : 0;
}

std::string FixtureFileName(const std::string& path) {
  return path.substr(path.find_last_of('/') + 1);
}

std::string FixtureClient(const std::string& path) {
  const size_t file = path.find_last_of('/');
  const size_t dir = path.find_last_of('/', file - 1);
  return path.substr(dir + 1, file - dir - 1);
}

// The credential-scope service a capture must carry: its file name prefix, except SSO Admin.
std::string ExpectedService(const std::string& path) {
  const std::string file = FixtureFileName(path);
  const std::string service = file.substr(0, file.find('.'));
  return service == "sso-admin" ? "sso" : service;
}

// Every capture signed with the documentation key (the later cdk-cli ones use moto's keys).
std::vector<std::string> ExampleKeyFixtures() {
  std::vector<std::string> paths;
  for (const std::string& path : test::AllRequestFixtures()) {
    const HttpRequest request = test::LoadHttpFixture(path);
    if (request.Header("Authorization").find("Credential=AKIAIOSFODNN7EXAMPLE/") !=
        std::string_view::npos) {
      paths.push_back(path);
    }
  }
  return paths;
}

class SignedFixtureTest : public ::testing::TestWithParam<std::string> {
 protected:
  HttpRequest request_ = test::LoadHttpFixture(GetParam());
  int64_t signed_at_ = SignedAtMillis(request_);
};

TEST(SignedFixtureCount, CoversEveryClient) {
  const std::vector<std::string> paths = ExampleKeyFixtures();
  EXPECT_GE(paths.size(), 50u);
  for (const char* client : {"awscli", "boto3", "cdk-cli", "jssdk-v3", "terraform"}) {
    EXPECT_TRUE(std::any_of(paths.begin(), paths.end(), [&](const std::string& p) {
      return p.find(client) != p.npos;
    })) << client;
  }
}

TEST_P(SignedFixtureTest, ParsesServiceRegionAndKey) {
  AuthError error{};
  const std::optional<SignatureInfo> info = ParseSignature(request_, &error);
  ASSERT_TRUE(info.has_value()) << error.message;
  EXPECT_EQ(info->form, SignatureInfo::Form::kHeader);
  EXPECT_EQ(info->access_key_id, kAccessKey);
  EXPECT_EQ(info->service, ExpectedService(GetParam()));
  EXPECT_EQ(info->date, "20261122");
  EXPECT_TRUE(info->region == "us-east-1" || info->region == "us-west-2" ||
              info->region == "eu-west-1")
      << info->region;
  EXPECT_EQ(info->signature.size(), 64u);
  EXPECT_EQ(info->amz_date.substr(0, 8), "20261122");
  EXPECT_FALSE(info->signed_headers.empty());
  EXPECT_EQ(info->payload_hash, request_.Header("X-Amz-Content-Sha256"));
}

TEST_P(SignedFixtureTest, Verifies) {
  const std::optional<AuthError> error = ParseAndVerify(request_, signed_at_);
  EXPECT_FALSE(error.has_value()) << error->message;
}

TEST_P(SignedFixtureTest, VerifiesWithCommaOnlyBetweenAuthorizationParts) {
  std::string authorization(request_.Header("Authorization"));
  ReplaceAll(authorization, ", ", ",");
  SetHeader(request_, "Authorization", authorization);
  const std::optional<AuthError> error = ParseAndVerify(request_, signed_at_);
  EXPECT_FALSE(error.has_value()) << error->message;
}

TEST_P(SignedFixtureTest, VerifiesAtTheEdgeOfTheFifteenMinuteSkew) {
  EXPECT_FALSE(ParseAndVerify(request_, signed_at_ + 15 * 60 * 1000).has_value());
  EXPECT_FALSE(ParseAndVerify(request_, signed_at_ - 15 * 60 * 1000).has_value());
}

TEST_P(SignedFixtureTest, ClockMoreThanFifteenMinutesLateIsRequestExpired) {
  const std::optional<AuthError> error = ParseAndVerify(request_, signed_at_ + 901 * 1000);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kRequestExpired);
  EXPECT_EQ(error->message, "Request has expired.");
}

TEST_P(SignedFixtureTest, ClockMoreThanFifteenMinutesEarlyIsRequestExpired) {
  const std::optional<AuthError> error = ParseAndVerify(request_, signed_at_ - 901 * 1000);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kRequestExpired);
}

TEST_P(SignedFixtureTest, TamperedBodyIsSignatureDoesNotMatch) {
  const std::string_view payload = request_.Header("X-Amz-Content-Sha256");
  if (payload == "UNSIGNED-PAYLOAD" || payload == "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
    GTEST_SKIP() << "payload is not signed";
  }
  if (request_.body.empty()) {
    request_.body = "x";
  } else {
    request_.body.back() = static_cast<char>(request_.body.back() ^ 1);
  }
  const std::optional<AuthError> error = ParseAndVerify(request_, signed_at_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

TEST_P(SignedFixtureTest, TamperedSignedHeaderIsSignatureDoesNotMatch) {
  SetHeader(request_, "Host", "evil.example.com");
  const std::optional<AuthError> error = ParseAndVerify(request_, signed_at_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
  EXPECT_EQ(error->message,
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.");
}

TEST_P(SignedFixtureTest, TamperedSignatureIsSignatureDoesNotMatch) {
  std::string authorization(request_.Header("Authorization"));
  char& last = authorization.back();
  last = last == '0' ? '1' : '0';
  SetHeader(request_, "Authorization", authorization);
  const std::optional<AuthError> error = ParseAndVerify(request_, signed_at_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

TEST_P(SignedFixtureTest, WrongSecretIsSignatureDoesNotMatch) {
  const std::optional<AuthError> error =
      ParseAndVerify(request_, signed_at_, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEz");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

// Truncated and bit-flipped Authorization headers: a value or an error, never a crash (the
// sanitizer build checks bounds). Only a changed access key id can still verify here: SigV4 does
// not sign it, it only selects the secret.
TEST_P(SignedFixtureTest, MangledAuthorizationNeverCrashes) {
  const std::string authorization(request_.Header("Authorization"));
  for (size_t i = 0; i < authorization.size(); ++i) {
    for (const bool truncate : {true, false}) {
      HttpRequest mangled = request_;
      std::string value = authorization;
      if (truncate) {
        value.resize(i);
      } else {
        value[i] = static_cast<char>(value[i] ^ 0x5A);
      }
      SetHeader(mangled, "Authorization", value);
      AuthError error{};
      const std::optional<SignatureInfo> info = ParseSignature(mangled, &error);
      if (info) {
        const std::optional<AuthError> verified =
            VerifySignature(mangled, *info, kSecret, signed_at_, info->service == "s3");
        if (!verified.has_value()) {
          EXPECT_NE(info->access_key_id, kAccessKey) << value;
        }
      }
    }
  }
}

std::string FixtureTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = FixtureClient(info.param) + "_" + FixtureFileName(info.param);
  name = name.substr(0, name.size() - 5);  // ".http"
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      c = '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Captures, SignedFixtureTest, ::testing::ValuesIn(ExampleKeyFixtures()),
                         FixtureTestName);

HttpRequest Fixture(const std::string& relative) {
  return test::LoadHttpFixture(test::TestDataPath("fixtures/requests/" + relative));
}

SignatureInfo MustParse(const HttpRequest& request) {
  AuthError error{};
  std::optional<SignatureInfo> info = ParseSignature(request, &error);
  EXPECT_TRUE(info.has_value()) << error.message;
  return info.value_or(SignatureInfo{});
}

// Expected values printed by shared/fixtures/tools/verify_sigv4.py -v.
TEST(CanonicalRequestTest, QueryServiceMatchesReference) {
  const HttpRequest request = Fixture("boto3/sts.GetCallerIdentity.http");
  const SignatureInfo info = MustParse(request);
  const std::string canonical = CanonicalRequest(request, info, /*s3=*/false);
  EXPECT_EQ(canonical,
            "POST\n/\n\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:127.0.0.1:4599\n"
            "x-amz-date:20261122T020329Z\n\n"
            "content-type;host;x-amz-date\n"
            "ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843");
  EXPECT_EQ(StringToSign(info, canonical),
            "AWS4-HMAC-SHA256\n20261122T020329Z\n20261122/us-east-1/sts/aws4_request\n"
            "94cd53751c601675d0b0a3063b9b3e00d271daa6bf0f46c50bd8d29da538c124");
  EXPECT_EQ(
      SignatureV4(kSecret, info.date, info.region, info.service, StringToSign(info, canonical)),
      "a61fe42069d0255b7ae2309116ef02ddea7b8d765283fa4b6435c9bbbd50242e");
}

TEST(CanonicalRequestTest, S3PathIsSignedAsSent) {
  const HttpRequest request = Fixture("boto3/s3.PutObject.special-key.http");
  const SignatureInfo info = MustParse(request);
  EXPECT_EQ(CanonicalRequest(request, info, /*s3=*/true),
            "PUT\n/demo-bucket/dir/a%20b%2Bc%3D%281%29~%C3%BC.json\n\n"
            "host:127.0.0.1:4599\n"
            "x-amz-checksum-crc32:jNwWgw==\n"
            "x-amz-content-sha256:"
            "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\n"
            "x-amz-date:20261122T020752Z\n"
            "x-amz-sdk-checksum-algorithm:CRC32\n\n"
            "host;x-amz-checksum-crc32;x-amz-content-sha256;x-amz-date;"
            "x-amz-sdk-checksum-algorithm\n"
            "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
}

TEST(CanonicalRequestTest, S3QueryIsDecodedReencodedAndSorted) {
  const HttpRequest request = Fixture("boto3/s3.ListObjectsV2.http");
  const SignatureInfo info = MustParse(request);
  const std::string canonical = CanonicalRequest(request, info, /*s3=*/true);
  const std::vector<std::string_view> lines = Split(canonical, '\n');
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1], "/demo-bucket");
  EXPECT_EQ(lines[2], "delimiter=%2F&encoding-type=url&list-type=2&max-keys=5&prefix=dir%2Fa%20b");
}

SignatureInfo HeaderInfo(std::vector<std::string> signed_headers) {
  SignatureInfo info;
  info.access_key_id = std::string(kAccessKey);
  info.date = "20261122";
  info.region = "us-east-1";
  info.service = "sts";
  info.amz_date = "20261122T020329Z";
  info.signed_headers = std::move(signed_headers);
  return info;
}

std::string CanonicalLine(const HttpRequest& request, const SignatureInfo& info, bool s3,
                          size_t line) {
  const std::string canonical = CanonicalRequest(request, info, s3);
  const std::vector<std::string_view> lines = Split(canonical, '\n');
  return line < lines.size() ? std::string(lines[line]) : "<missing>";
}

TEST(CanonicalRequestTest, QueryPairsAreSortedByKeyThenValueWithEmptyValuesKept) {
  const HttpRequest request{
      .method = "GET", .target = "/?b=2&a=%7e&a=1&c&d=x%20y&&", .headers = {}, .body = {}};
  EXPECT_EQ(CanonicalLine(request, HeaderInfo({}), false, 2), "a=1&a=~&b=2&c=&d=x%20y");
}

TEST(CanonicalRequestTest, PlusInQueryIsALiteralPlus) {
  const HttpRequest request{.method = "GET", .target = "/?q=a+b", .headers = {}, .body = {}};
  EXPECT_EQ(CanonicalLine(request, HeaderInfo({}), true, 2), "q=a%2Bb");
}

TEST(CanonicalRequestTest, NonS3PathIsNormalizedAndEncodedAgain) {
  const HttpRequest request{
      .method = "GET", .target = "/a%20b/./c//d/../e/", .headers = {}, .body = {}};
  EXPECT_EQ(CanonicalLine(request, HeaderInfo({}), false, 1), "/a%2520b/c/e/");
  EXPECT_EQ(CanonicalLine(request, HeaderInfo({}), true, 1), "/a%20b/./c//d/../e/");
}

TEST(CanonicalRequestTest, EmptyPathIsSlash) {
  const HttpRequest request{.method = "GET", .target = "?x=1", .headers = {}, .body = {}};
  EXPECT_EQ(CanonicalLine(request, HeaderInfo({}), false, 1), "/");
  EXPECT_EQ(CanonicalLine(request, HeaderInfo({}), true, 1), "/");
}

TEST(CanonicalRequestTest, HeaderValuesAreTrimmedCollapsedAndJoined) {
  const HttpRequest request{.method = "GET",
                            .target = "/",
                            .headers = {{"X-Amz-Meta-A", "  one   two  three "},
                                        {"x-amz-meta-b", "1"},
                                        {"Host", "h"},
                                        {"X-AMZ-META-B", " 2 "}},
                            .body = {}};
  const std::string canonical =
      CanonicalRequest(request, HeaderInfo({"host", "x-amz-meta-a", "x-amz-meta-b"}), false);
  EXPECT_NE(canonical.find("\nhost:h\nx-amz-meta-a:one two three\nx-amz-meta-b:1,2\n\n"
                           "host;x-amz-meta-a;x-amz-meta-b\n"),
            std::string::npos)
      << canonical;
}

TEST(CanonicalRequestTest, PayloadHashIsTheHeaderOrTheBodyHash) {
  HttpRequest request{.method = "POST", .target = "/", .headers = {}, .body = ""};
  SignatureInfo info = HeaderInfo({});
  EXPECT_EQ(CanonicalLine(request, info, false, 5), kEmptySha256);
  info.payload_hash = "UNSIGNED-PAYLOAD";
  EXPECT_EQ(CanonicalLine(request, info, true, 5), "UNSIGNED-PAYLOAD");
}

// AWS's documented example (IAM ListUsers); note its secret has '+' where ours has '/'.
TEST(SignatureV4Test, MatchesAwsDocumentationExample) {
  SignatureInfo info;
  info.amz_date = "20150830T123600Z";
  info.date = "20150830";
  info.region = "us-east-1";
  info.service = "iam";
  const HttpRequest request{
      .method = "GET",
      .target = "/?Action=ListUsers&Version=2010-05-08",
      .headers = {{"Host", "iam.amazonaws.com"},
                  {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                  {"X-Amz-Date", "20150830T123600Z"}},
      .body = {}};
  info.signed_headers = {"content-type", "host", "x-amz-date"};
  const std::string string_to_sign = StringToSign(info, CanonicalRequest(request, info, false));
  EXPECT_EQ(string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(SignatureV4("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam",
                        string_to_sign),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

// A request with a '+' in a hand-built query, signed by a client that read it as a space.
TEST(VerifySignatureTest, PlusSignedAsSpaceStillVerifies) {
  HttpRequest request{.method = "GET",
                      .target = "/?Action=GetCallerIdentity&Note=a%20b",
                      .headers = {{"Host", "h"}, {"X-Amz-Date", "20261122T020329Z"}},
                      .body = {}};
  SignatureInfo info = HeaderInfo({"host", "x-amz-date"});
  const std::string signature =
      SignatureV4(kSecret, info.date, info.region, info.service,
                  StringToSign(info, CanonicalRequest(request, info, false)));
  request.target = "/?Action=GetCallerIdentity&Note=a+b";
  request.headers.push_back(
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/sts/"
       "aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
           signature});
  EXPECT_FALSE(ParseAndVerify(request, AmzDateMillis(info.amz_date)).has_value());
}

TEST(VerifySignatureTest, ScopeDateOtherThanRequestDateIsSignatureDoesNotMatch) {
  HttpRequest request = Fixture("boto3/sts.GetCallerIdentity.http");
  SignatureInfo info = MustParse(request);
  info.date = "20261121";
  const std::optional<AuthError> error =
      VerifySignature(request, info, kSecret, AmzDateMillis(info.amz_date), false);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

TEST(VerifySignatureTest, BodyOtherThanContentSha256IsRefused) {
  HttpRequest request = Fixture("boto3/s3.PutObject.http");
  request.body += " ";
  const std::optional<AuthError> error = ParseAndVerify(request, SignedAtMillis(request));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

struct MalformedCase {
  const char* name;
  const char* authorization;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const MalformedCase& c, std::ostream* out) { *out << c.name; }

class MalformedAuthorizationTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedAuthorizationTest, IsIncompleteSignature) {
  HttpRequest request = Fixture("boto3/sts.GetCallerIdentity.http");
  SetHeader(request, "Authorization", GetParam().authorization);
  AuthError error{AuthFailure::kSignatureDoesNotMatch, ""};
  EXPECT_FALSE(ParseSignature(request, &error).has_value());
  EXPECT_EQ(error.failure, AuthFailure::kIncompleteSignature);
  EXPECT_FALSE(error.message.empty());
  EXPECT_FALSE(ParseSignature(request, nullptr).has_value());  // no error sink: still safe
}

constexpr MalformedCase kMalformed[] = {
    {"AlgorithmOnly", "AWS4-HMAC-SHA256"},
    {"UnknownAlgorithm",
     "AWS4-HMAC-SHA512 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/sts/aws4_request, "
     "SignedHeaders=host, Signature=00"},
    {"SigV4a",
     "AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/sts/aws4_request, "
     "SignedHeaders=host, Signature=00"},
    {"SigV2Header", "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="},
    {"NoCredential", "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abcd"},
    {"NoSignature",
     "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/sts/aws4_request, "
     "SignedHeaders=host;x-amz-date"},
    {"NoSignedHeaders",
     "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/sts/aws4_request, "
     "Signature=abcd"},
    {"EmptyValues", "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature="},
    {"PartWithoutEquals",
     "AWS4-HMAC-SHA256 Credential, SignedHeaders=host;x-amz-date, Signature=abcd"},
    {"ShortScope",
     "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/aws4_request, "
     "SignedHeaders=host;x-amz-date, Signature=abcd"},
    {"LongScope",
     "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/sts/x/aws4_request, "
     "SignedHeaders=host;x-amz-date, Signature=abcd"},
    {"BadTerminator",
     "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/sts/aws5_request, "
     "SignedHeaders=host;x-amz-date, Signature=abcd"},
    {"BadScopeDate",
     "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/2026-11-22/us-east-1/sts/aws4_request, "
     "SignedHeaders=host;x-amz-date, Signature=abcd"},
    {"EmptyAccessKey",
     "AWS4-HMAC-SHA256 Credential=/20261122/us-east-1/sts/aws4_request, "
     "SignedHeaders=host;x-amz-date, Signature=abcd"},
    {"EmptyRegion",
     "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122//sts/aws4_request, "
     "SignedHeaders=host;x-amz-date, Signature=abcd"},
    {"OnlySeparators", "AWS4-HMAC-SHA256 , ,,, "},
    {"EqualsOnly", "AWS4-HMAC-SHA256 ="},
    {"Garbage", "\x01\x02\xff\xfe=,;/"},
};

INSTANTIATE_TEST_SUITE_P(Cases, MalformedAuthorizationTest, ::testing::ValuesIn(kMalformed),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(ParseSignatureTest, MissingDateIsIncompleteSignature) {
  HttpRequest request = Fixture("boto3/sts.GetCallerIdentity.http");
  std::erase_if(request.headers,
                [](const HttpHeader& h) { return EqualsIgnoreCase(h.name, "X-Amz-Date"); });
  AuthError error{};
  EXPECT_FALSE(ParseSignature(request, &error).has_value());
  EXPECT_EQ(error.failure, AuthFailure::kIncompleteSignature);
  EXPECT_NE(error.message.find("'X-Amz-Date' or a 'Date' header"), std::string::npos);
}

TEST(ParseSignatureTest, DateNotInBasicFormatIsIncompleteSignature) {
  HttpRequest request = Fixture("boto3/sts.GetCallerIdentity.http");
  SetHeader(request, "X-Amz-Date", "2026-11-22T02:03:29Z");
  AuthError error{};
  EXPECT_FALSE(ParseSignature(request, &error).has_value());
  EXPECT_EQ(error.failure, AuthFailure::kIncompleteSignature);
}

TEST(ParseSignatureTest, MessageNamesEveryMissingPart) {
  HttpRequest request = Fixture("boto3/sts.GetCallerIdentity.http");
  SetHeader(request, "Authorization", "AWS4-HMAC-SHA256 SignedHeaders=host");
  AuthError error{};
  EXPECT_FALSE(ParseSignature(request, &error).has_value());
  EXPECT_EQ(error.message,
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'Signature' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host");
}

TEST(ParseSignatureTest, UnsignedRequestIsNulloptWithoutError) {
  HttpRequest request{.method = "POST",
                      .target = "/?Action=AssumeRoleWithWebIdentity",
                      .headers = {{"Host", "h"}},
                      .body = {}};
  AuthError error{AuthFailure::kSignatureDoesNotMatch, "untouched"};
  EXPECT_FALSE(ParseSignature(request, &error).has_value());
  EXPECT_EQ(error.message, "untouched");
  request.headers.push_back({"Authorization", "  "});
  EXPECT_FALSE(ParseSignature(request, &error).has_value());
  EXPECT_EQ(error.message, "untouched");
}

TEST(ParseSignatureTest, SecurityTokenIsReported) {
  const HttpRequest request = Fixture("jssdk-v3/sts.GetCallerIdentity.http");
  const SignatureInfo info = MustParse(request);
  EXPECT_EQ(info.security_token, request.Header("X-Amz-Security-Token"));
}

// Presigned URLs from tests/data/fixtures/requests/boto3/s3.GetObject.presigned-urls.txt, in
// file order: SigV2, SigV4, SigV4 with a session token.
std::vector<std::string> PresignedUrls() {
  std::ifstream in(test::TestDataPath("fixtures/requests/boto3/s3.GetObject.presigned-urls.txt"));
  std::vector<std::string> urls;
  for (std::string line; std::getline(in, line);) {
    if (StartsWith(line, "http")) {
      urls.push_back(line);
    }
  }
  return urls;
}

HttpRequest GetFromUrl(const std::string& url) {
  const size_t host_start = url.find("://") + 3;
  const size_t path_start = url.find('/', host_start);
  return HttpRequest{.method = "GET",
                     .target = url.substr(path_start),
                     .headers = {{"Host", url.substr(host_start, path_start - host_start)}},
                     .body = {}};
}

class PresignedTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(urls_.size(), 3u); }

  const std::vector<std::string> urls_ = PresignedUrls();
  const int64_t signed_at_ = AmzDateMillis("20261122T021223Z");
};

TEST_F(PresignedTest, SigV4ParsesScope) {
  const SignatureInfo info = MustParse(GetFromUrl(urls_[1]));
  EXPECT_EQ(info.form, SignatureInfo::Form::kPresigned);
  EXPECT_EQ(info.access_key_id, kAccessKey);
  EXPECT_EQ(info.date, "20261122");
  EXPECT_EQ(info.region, "us-east-1");
  EXPECT_EQ(info.service, "s3");
  EXPECT_EQ(info.amz_date, "20261122T021223Z");
  EXPECT_EQ(info.expires_seconds, 300);
  EXPECT_EQ(info.signed_headers, std::vector<std::string>{"host"});
  EXPECT_TRUE(info.security_token.empty());
}

TEST_F(PresignedTest, SigV4VerifiesUntilExpiry) {
  const HttpRequest request = GetFromUrl(urls_[1]);
  EXPECT_FALSE(ParseAndVerify(request, signed_at_).has_value());
  EXPECT_FALSE(ParseAndVerify(request, signed_at_ + 300 * 1000).has_value());
}

TEST_F(PresignedTest, SigV4PastExpiryIsRequestExpired) {
  const std::optional<AuthError> error = ParseAndVerify(GetFromUrl(urls_[1]), signed_at_ + 301000);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kRequestExpired);
  EXPECT_EQ(error->message, "Request has expired.");
}

TEST_F(PresignedTest, SigV4WithSessionTokenVerifies) {
  const HttpRequest request = GetFromUrl(urls_[2]);
  EXPECT_EQ(MustParse(request).security_token, "FQoGZXIvYXdzEXAMPLETOKEN");
  EXPECT_FALSE(ParseAndVerify(request, signed_at_).has_value());
}

TEST_F(PresignedTest, SigV4WithOtherKeyOrTokenIsSignatureDoesNotMatch) {
  for (const auto& [from, to] : {std::pair{"templates/demo.json", "templates/other.json"},
                                 std::pair{"EXAMPLETOKEN", "EXAMPLETOKEn"}}) {
    std::string url = urls_[2];
    ReplaceAll(url, from, to);
    const std::optional<AuthError> error = ParseAndVerify(GetFromUrl(url), signed_at_);
    ASSERT_TRUE(error.has_value()) << url;
    EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
  }
}

TEST_F(PresignedTest, SigV4WithBadParametersIsIncompleteSignature) {
  for (const auto& [from, to] :
       {std::pair{"X-Amz-Expires=300", "X-Amz-Expires=abc"},
        std::pair{"X-Amz-Expires=300", "X-Amz-Expires=604801"},
        std::pair{"X-Amz-Expires=300", "X-Amz-Expires=-5"}, std::pair{"&X-Amz-Expires=300", ""},
        std::pair{"X-Amz-Credential=", "X-Amz-Credentials="},
        std::pair{"X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"},
        std::pair{"X-Amz-Date=20261122T021223Z", "X-Amz-Date=yesterday"},
        std::pair{"%2Faws4_request", "%2Faws4"}}) {
    std::string url = urls_[1];
    ReplaceAll(url, from, to);
    AuthError error{};
    EXPECT_FALSE(ParseSignature(GetFromUrl(url), &error).has_value()) << url;
    EXPECT_EQ(error.failure, AuthFailure::kIncompleteSignature) << url;
  }
}

TEST_F(PresignedTest, SigV2ParsesKeyAndExpiry) {
  const SignatureInfo info = MustParse(GetFromUrl(urls_[0]));
  EXPECT_EQ(info.form, SignatureInfo::Form::kPresignedV2);
  EXPECT_EQ(info.access_key_id, kAccessKey);
  EXPECT_EQ(info.signature, "CpXotGzNKCiZzTkHMdgClAqZONs=");
  EXPECT_EQ(info.expires_seconds, 1795313843);
  EXPECT_EQ(info.service, "s3");
}

TEST_F(PresignedTest, SigV2VerifiesUntilExpiry) {
  const HttpRequest request = GetFromUrl(urls_[0]);
  EXPECT_FALSE(ParseAndVerify(request, signed_at_).has_value());
  EXPECT_FALSE(ParseAndVerify(request, int64_t{1795313843} * 1000).has_value());
}

TEST_F(PresignedTest, SigV2PastExpiryIsRequestExpired) {
  const std::optional<AuthError> error =
      ParseAndVerify(GetFromUrl(urls_[0]), int64_t{1795313844} * 1000);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kRequestExpired);
}

TEST_F(PresignedTest, SigV2WithOtherKeyOrSecretIsSignatureDoesNotMatch) {
  std::string url = urls_[0];
  ReplaceAll(url, "demo.json", "demo.jsoN");
  std::optional<AuthError> error = ParseAndVerify(GetFromUrl(url), signed_at_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
  error = ParseAndVerify(GetFromUrl(urls_[0]), signed_at_, "not-the-secret");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

TEST_F(PresignedTest, SigV2WithoutSignatureOrBadExpiresIsIncompleteSignature) {
  for (const auto& [from, to] :
       {std::pair{"&Signature=", "&Sig="}, std::pair{"&Expires=1795313843", "&Expires=soon"},
        std::pair{"&Expires=1795313843", ""}}) {
    std::string url = urls_[0];
    ReplaceAll(url, from, to);
    AuthError error{};
    EXPECT_FALSE(ParseSignature(GetFromUrl(url), &error).has_value()) << url;
    EXPECT_EQ(error.failure, AuthFailure::kIncompleteSignature) << url;
  }
}

TEST(DecodeAwsChunkedTest, StreamingFixtureDecodesToDeclaredLengthWithChecksumTrailer) {
  const HttpRequest request = Fixture("jssdk-v3/s3.PutObject.streaming.http");
  std::string decoded;
  std::vector<HttpHeader> trailers;
  std::vector<std::string> signatures;
  ASSERT_TRUE(DecodeAwsChunked(request.body, &decoded, &trailers, &signatures));
  EXPECT_EQ(std::to_string(decoded.size()), request.Header("x-amz-decoded-content-length"));
  EXPECT_TRUE(StartsWith(decoded, "PK-fake-asset-content-"));
  ASSERT_EQ(trailers.size(), 1u);
  EXPECT_EQ(trailers[0].name, "x-amz-checksum-crc32");
  EXPECT_EQ(trailers[0].value, "cNc8oQ==");
  EXPECT_EQ(Crc32Base64(decoded), trailers[0].value);
  EXPECT_TRUE(signatures.empty());
}

TEST(DecodeAwsChunkedTest, OutputsAreOptional) {
  EXPECT_TRUE(DecodeAwsChunked("3\r\nabc\r\n0\r\n\r\n", nullptr));
}

TEST(DecodeAwsChunkedTest, SeveralChunksWithSignaturesAndNoTrailer) {
  std::string decoded;
  std::vector<HttpHeader> trailers;
  std::vector<std::string> signatures;
  ASSERT_TRUE(
      DecodeAwsChunked("3;chunk-signature=aa\r\nabc\r\nA;chunk-signature=bb\r\n0123456789\r\n"
                       "0;chunk-signature=cc\r\n\r\n",
                       &decoded, &trailers, &signatures));
  EXPECT_EQ(decoded, "abc0123456789");
  EXPECT_TRUE(trailers.empty());
  EXPECT_EQ(signatures, (std::vector<std::string>{"aa", "bb", "cc"}));
}

struct FramingCase {
  const char* name;
  std::string_view body;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const FramingCase& c, std::ostream* out) { *out << c.name; }

class MalformedFramingTest : public ::testing::TestWithParam<FramingCase> {};

TEST_P(MalformedFramingTest, IsRefused) {
  std::string decoded;
  std::vector<HttpHeader> trailers;
  std::vector<std::string> signatures;
  EXPECT_FALSE(DecodeAwsChunked(GetParam().body, &decoded, &trailers, &signatures));
}

constexpr FramingCase kBadFraming[] = {
    {"Empty", ""},
    {"NoLineEnd", "3"},
    {"NotHex", "zz\r\nabc\r\n0\r\n\r\n"},
    {"EmptySize", "\r\nabc\r\n0\r\n\r\n"},
    {"NegativeSize", "-1\r\nabc\r\n0\r\n\r\n"},
    {"ShortData", "5\r\nabc\r\n0\r\n\r\n"},
    {"NoCrlfAfterData", "3\r\nabcXX0\r\n\r\n"},
    {"DataRunsToEnd", "3\r\nabc"},
    {"NoFinalChunk", "3\r\nabc\r\n"},
    {"HugeSize", "ffffffffffffffff\r\nabc\r\n0\r\n\r\n"},
    {"OverlongSize", "00000000000000000003\r\nabc\r\n0\r\n\r\n"},
    {"TrailerWithoutColon", "3\r\nabc\r\n0\r\nx-amz-checksum-crc32\r\n\r\n"},
    {"TrailerWithoutLineEnd", "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAA"},
    {"GarbageAfterEnd", "3\r\nabc\r\n0\r\n\r\nmore"},
};

INSTANTIATE_TEST_SUITE_P(Cases, MalformedFramingTest, ::testing::ValuesIn(kBadFraming),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// A streaming PutObject signed here, chunk by chunk, with the test's own HMAC code.
class SignedStreamingTest : public ::testing::Test {
 protected:
  static constexpr std::string_view kAmzDate = "20261122T030000Z";
  static constexpr std::string_view kScope = "20261122/eu-west-1/s3/aws4_request";

  // Signs the headers through the public API (the fixtures prove that part), then frames
  // `chunks` with chained chunk signatures and, when `trailer`, a signed checksum trailer.
  HttpRequest Build(const std::vector<std::string>& chunks, bool trailer) {
    std::string decoded;
    for (const std::string& chunk : chunks) {
      decoded += chunk;
    }
    HttpRequest request{
        .method = "PUT",
        .target = "/bucket/big%20file.bin?x-id=PutObject",
        .headers = {{"Host", "127.0.0.1:4566"},
                    {"X-Amz-Date", std::string(kAmzDate)},
                    {"X-Amz-Content-Sha256", trailer ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
                                                     : "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
                    {"Content-Encoding", "aws-chunked"},
                    {"X-Amz-Decoded-Content-Length", std::to_string(decoded.size())}},
        .body = {}};
    if (trailer) {
      request.headers.push_back({"X-Amz-Trailer", "x-amz-checksum-crc32"});
    }
    SignatureInfo info;
    info.date = "20261122";
    info.region = "eu-west-1";
    info.service = "s3";
    info.amz_date = std::string(kAmzDate);
    info.payload_hash = request.headers[2].value;
    info.signed_headers = {"content-encoding", "host", "x-amz-content-sha256", "x-amz-date",
                           "x-amz-decoded-content-length"};
    if (trailer) {
      info.signed_headers.push_back("x-amz-trailer");
    }
    const std::string seed = SignatureV4(kSecret, info.date, info.region, info.service,
                                         StringToSign(info, CanonicalRequest(request, info, true)));
    std::string signed_list;
    for (const std::string& name : info.signed_headers) {
      signed_list += (signed_list.empty() ? "" : ";") + name;
    }
    request.headers.push_back(
        {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/" +
                              std::string(kScope) + ", SignedHeaders=" + signed_list +
                              ", Signature=" + seed});

    const std::string key = TestSigningKey("20261122", "eu-west-1", "s3");
    std::string previous = seed;
    std::vector<std::string> framed = chunks;
    framed.emplace_back();  // the final, empty chunk is signed too
    for (const std::string& chunk : framed) {
      const std::string string_to_sign = "AWS4-HMAC-SHA256-PAYLOAD\n" + std::string(kAmzDate) +
                                         "\n" + std::string(kScope) + "\n" + previous + "\n" +
                                         std::string(kEmptySha256) + "\n" + Sha256Hex(chunk);
      previous = HexEncode(HmacSha256(key, string_to_sign));
      char size[32];
      std::snprintf(size, sizeof(size), "%zx", chunk.size());
      request.body += std::string(size) + ";chunk-signature=" + previous + "\r\n";
      if (!chunk.empty()) {
        request.body += chunk + "\r\n";
      }
    }
    if (trailer) {
      const std::string checksum = "x-amz-checksum-crc32:" + Crc32Base64(decoded);
      const std::string string_to_sign = "AWS4-HMAC-SHA256-TRAILER\n" + std::string(kAmzDate) +
                                         "\n" + std::string(kScope) + "\n" + previous + "\n" +
                                         Sha256Hex(checksum + "\n");
      request.body += checksum +
                      "\r\nx-amz-trailer-signature:" + HexEncode(HmacSha256(key, string_to_sign)) +
                      "\r\n";
    }
    request.body += "\r\n";
    return request;
  }

  const int64_t now_ = AmzDateMillis(kAmzDate) + 5000;
  const std::vector<std::string> chunks_ = {std::string(8192, 'a'), "second chunk", "z"};
};

TEST_F(SignedStreamingTest, EveryChunkSignatureVerifies) {
  const HttpRequest request = Build(chunks_, /*trailer=*/false);
  const std::optional<AuthError> error = ParseAndVerify(request, now_);
  EXPECT_FALSE(error.has_value()) << error->message;
  std::string decoded;
  std::vector<std::string> signatures;
  ASSERT_TRUE(DecodeAwsChunked(request.body, &decoded, nullptr, &signatures));
  EXPECT_EQ(decoded, chunks_[0] + chunks_[1] + chunks_[2]);
  EXPECT_EQ(signatures.size(), 4u);
}

TEST_F(SignedStreamingTest, SignedTrailerVerifies) {
  const HttpRequest request = Build(chunks_, /*trailer=*/true);
  const std::optional<AuthError> error = ParseAndVerify(request, now_);
  EXPECT_FALSE(error.has_value()) << error->message;
}

TEST_F(SignedStreamingTest, TamperedChunkDataIsSignatureDoesNotMatch) {
  HttpRequest request = Build(chunks_, /*trailer=*/false);
  const size_t pos = request.body.find("second chunk");
  ASSERT_NE(pos, std::string::npos);
  request.body[pos] = 'S';
  const std::optional<AuthError> error = ParseAndVerify(request, now_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

TEST_F(SignedStreamingTest, SwappedChunkSignaturesAreSignatureDoesNotMatch) {
  HttpRequest request = Build(chunks_, /*trailer=*/false);
  std::vector<std::string> signatures;
  ASSERT_TRUE(DecodeAwsChunked(request.body, nullptr, nullptr, &signatures));
  ASSERT_EQ(signatures.size(), 4u);
  ReplaceAll(request.body, signatures[1], "swap");
  ReplaceAll(request.body, signatures[2], signatures[1]);
  ReplaceAll(request.body, "swap", signatures[2]);
  const std::optional<AuthError> error = ParseAndVerify(request, now_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

TEST_F(SignedStreamingTest, DroppedFinalChunkIsSignatureDoesNotMatch) {
  HttpRequest request = Build(chunks_, /*trailer=*/false);
  request.body.resize(request.body.rfind("0;chunk-signature="));
  const std::optional<AuthError> error = ParseAndVerify(request, now_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

TEST_F(SignedStreamingTest, UnsignedChunkIsSignatureDoesNotMatch) {
  HttpRequest request = Build(chunks_, /*trailer=*/false);
  const size_t start = request.body.find(';');
  request.body.erase(start, request.body.find("\r\n") - start);
  const std::optional<AuthError> error = ParseAndVerify(request, now_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

TEST_F(SignedStreamingTest, TamperedTrailerIsSignatureDoesNotMatch) {
  HttpRequest request = Build(chunks_, /*trailer=*/true);
  ReplaceAll(request.body, "x-amz-checksum-crc32:", "x-amz-checksum-crc32:A");
  const std::optional<AuthError> error = ParseAndVerify(request, now_);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->failure, AuthFailure::kSignatureDoesNotMatch);
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html: 64 KiB + 1 KiB of 'a'.
TEST(SignedStreamingExampleTest, MatchesAwsDocumentationExample) {
  HttpRequest request{
      .method = "PUT",
      .target = "/examplebucket/chunkObject.txt",
      .headers = {{"Host", "s3.amazonaws.com"},
                  {"x-amz-date", "20130524T000000Z"},
                  {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                  {"Authorization",
                   "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                   "aws4_request,SignedHeaders=content-encoding;content-length;host;"
                   "x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;"
                   "x-amz-storage-class,Signature="
                   "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"},
                  {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
                  {"Content-Encoding", "aws-chunked"},
                  {"x-amz-decoded-content-length", "66560"},
                  {"Content-Length", "66824"}},
      .body = {}};
  request.body =
      "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n" +
      std::string(65536, 'a') +
      "\r\n400;chunk-signature="
      "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n" +
      std::string(1024, 'a') +
      "\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n"
      "\r\n";
  EXPECT_EQ(request.body.size(), 66824u);
  const std::optional<AuthError> error = ParseAndVerify(request, AmzDateMillis("20130524T000000Z"));
  EXPECT_FALSE(error.has_value()) << error->message;
}

}  // namespace
}  // namespace nimbus::core::auth
