// The payload part of SigV4 (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html):
// the body against the hash X-Amz-Content-Sha256 promised, and the chained signatures of an
// aws-chunked body and its trailers. Like the rest of the module it reads client bytes: no
// exceptions, every failure a value.
#include <optional>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "core/auth/aws_chunked.h"
#include "core/auth/sigv4_internal.h"
#include "core/text.h"

namespace nimbus::core::auth::internal {

namespace {

// Per-chunk signatures of STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], each chained to the one
// before, the first to the seed signature of the headers.
std::optional<AuthError> VerifyStreamingChunks(const HttpRequest& request,
                                               const SignatureInfo& info,
                                               std::string_view signing_key, bool with_trailer) {
  // A spooled body's chunks were hashed as they arrived; an in-memory body's are hashed here.
  std::vector<AwsChunkDigest> chunks;
  std::vector<HttpHeader> trailers;
  if (request.spooled) {
    chunks = request.spooled->chunks;
    trailers = request.spooled->trailers;
  } else {
    std::vector<AwsChunk> parsed;
    if (!ParseAwsChunked(request.body, &parsed, &trailers)) {
      return Failure(AuthFailure::kSignatureDoesNotMatch,
                     "The request body is not valid aws-chunked encoding.");
    }
    for (const AwsChunk& chunk : parsed) {
      chunks.push_back({Sha256Hex(chunk.data), std::string(chunk.signature)});
    }
  }
  const std::string prefix =
      std::string(info.amz_date).append("\n").append(Scope(info)).append("\n");
  std::string previous = info.signature;
  for (const AwsChunkDigest& chunk : chunks) {
    std::string string_to_sign = "AWS4-HMAC-SHA256-PAYLOAD\n" + prefix + previous + "\n";
    string_to_sign.append(kEmptySha256).append("\n").append(chunk.data_sha256);
    const std::string expected = HexEncode(Hmac(EVP_sha256(), signing_key, string_to_sign));
    if (!SecureEquals(expected, chunk.signature)) {
      return SignatureMismatch();
    }
    previous = expected;
  }
  if (with_trailer) {
    std::string canonical_trailers;
    std::string_view trailer_signature;
    for (const HttpHeader& trailer : trailers) {
      if (EqualsIgnoreCase(trailer.name, "x-amz-trailer-signature")) {
        trailer_signature = trailer.value;
        continue;
      }
      canonical_trailers.append(ToLower(trailer.name)).append(":");
      AppendCanonicalValue(trailer.value, &canonical_trailers);
      canonical_trailers.append("\n");
    }
    const std::string string_to_sign =
        "AWS4-HMAC-SHA256-TRAILER\n" + prefix + previous + "\n" + Sha256Hex(canonical_trailers);
    const std::string expected = HexEncode(Hmac(EVP_sha256(), signing_key, string_to_sign));
    if (!SecureEquals(expected, trailer_signature)) {
      return SignatureMismatch();
    }
  }
  return std::nullopt;
}

}  // namespace

std::string BodySha256Hex(const HttpRequest& request) {
  return request.spooled ? request.spooled->sent_sha256 : Sha256Hex(request.body);
}

std::optional<AuthError> VerifyPayload(const HttpRequest& request, const SignatureInfo& info,
                                       std::string_view signing_key, bool s3) {
  const std::string& hash = info.payload_hash;
  if (!s3 && !hash.empty() && !(hash.size() == 64 && IsHex(hash))) {
    // Only S3 lets a client leave the body unsigned or sign it per chunk; every other service
    // signs the body's hash, so a request whose body is not covered cannot match.
    return SignatureMismatch();
  }
  if (hash.empty() || hash == kUnsignedPayload || hash == kStreamingUnsignedTrailer) {
    return std::nullopt;  // empty: the canonical request already hashed the body itself
  }
  if (hash == kStreamingSigned || hash == kStreamingSignedTrailer) {
    return VerifyStreamingChunks(request, info, signing_key, hash == kStreamingSignedTrailer);
  }
  if (hash.size() == 64 && IsHex(hash)) {
    if (!SecureEquals(ToLower(hash), BodySha256Hex(request))) {
      // S3 calls this XAmzContentSHA256Mismatch; AuthFailure has no such kind.
      return Failure(AuthFailure::kSignatureDoesNotMatch,
                     "The provided 'x-amz-content-sha256' header does not match what was "
                     "computed.");
    }
    return std::nullopt;
  }
  return Failure(AuthFailure::kSignatureDoesNotMatch,
                 "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                 "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                 "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
}

}  // namespace nimbus::core::auth::internal
