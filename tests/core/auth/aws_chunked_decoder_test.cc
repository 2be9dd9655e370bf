// AwsChunkedDecoder: aws-chunked framing removed from a body that arrives in pieces.
#include "core/auth/aws_chunked.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace nimbus::core::auth {
namespace {

constexpr std::string_view kBody =
    "5;chunk-signature=aaaa\r\nhello\r\n6;chunk-signature=bbbb\r\n world\r\n"
    "0;chunk-signature=cccc\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";

// Feeds `body` `piece` bytes at a time; returns the decoded bytes, or "<failed>".
std::string FeedInPieces(AwsChunkedDecoder& decoder, std::string_view body, size_t piece) {
  std::string out;
  const AwsChunkedDecoder::Sink sink = [&out](std::string_view data) {
    out.append(data);
    return true;
  };
  for (size_t i = 0; i < body.size(); i += piece) {
    if (!decoder.Feed(body.substr(i, piece), sink)) return "<failed>";
  }
  return out;
}

TEST(AwsChunkedDecoderTest, DecodesABodyFedOneByteAtATime) {
  AwsChunkedDecoder decoder(/*hash_chunks=*/false);
  EXPECT_EQ(FeedInPieces(decoder, kBody, 1), "hello world");
  EXPECT_TRUE(decoder.Complete());
}

TEST(AwsChunkedDecoderTest, KeepsTheTrailersAndChunkSignatures) {
  AwsChunkedDecoder decoder(/*hash_chunks=*/false);
  FeedInPieces(decoder, kBody, 7);
  ASSERT_EQ(decoder.trailers().size(), 1u);
  EXPECT_EQ(decoder.trailers()[0].name, "x-amz-checksum-crc32");
  EXPECT_EQ(decoder.trailers()[0].value, "AAAAAA==");
  ASSERT_EQ(decoder.chunks().size(), 3u);
  EXPECT_EQ(decoder.chunks()[0].signature, "aaaa");
  EXPECT_EQ(decoder.chunks()[2].signature, "cccc");
}

TEST(AwsChunkedDecoderTest, HashesEachChunksDataWhenAsked) {
  AwsChunkedDecoder decoder(/*hash_chunks=*/true);
  FeedInPieces(decoder, kBody, 3);
  ASSERT_EQ(decoder.chunks().size(), 3u);
  // SHA-256("hello") and SHA-256(""), the final chunk's.
  EXPECT_EQ(decoder.chunks()[0].data_sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(decoder.chunks()[2].data_sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(AwsChunkedDecoderTest, ABodyCutInTheMiddleOfAChunkIsNotComplete) {
  AwsChunkedDecoder decoder(/*hash_chunks=*/false);
  EXPECT_EQ(FeedInPieces(decoder, kBody.substr(0, 28), 5), "hell");
  EXPECT_FALSE(decoder.Complete());
}

TEST(AwsChunkedDecoderTest, ASizeThatIsNotHexFails) {
  AwsChunkedDecoder decoder(/*hash_chunks=*/false);
  EXPECT_EQ(FeedInPieces(decoder, "zz\r\nhello\r\n0\r\n\r\n", 4), "<failed>");
}

TEST(AwsChunkedDecoderTest, DataNotFollowedByCrlfFails) {
  AwsChunkedDecoder decoder(/*hash_chunks=*/false);
  EXPECT_EQ(FeedInPieces(decoder, "2\r\nabc\r\n0\r\n\r\n", 100), "<failed>");
}

TEST(AwsChunkedDecoderTest, TrailersMayEndWithTheBodyWithoutAnEmptyLine) {
  AwsChunkedDecoder decoder(/*hash_chunks=*/false);
  EXPECT_EQ(FeedInPieces(decoder, "3\r\nabc\r\n0\r\nx-amz-checksum-sha1:abc\r\n", 2), "abc");
  EXPECT_TRUE(decoder.Complete());
}

TEST(AwsChunkedDecoderTest, ASinkThatRefusesStopsDecoding) {
  AwsChunkedDecoder decoder(/*hash_chunks=*/false);
  EXPECT_FALSE(decoder.Feed(kBody, [](std::string_view) { return false; }));
}

}  // namespace
}  // namespace nimbus::core::auth
