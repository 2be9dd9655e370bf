#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.h"

namespace nimbus::core::auth {

// One chunk of an aws-chunked body, pointing into the body.
struct AwsChunk {
  std::string_view data;
  std::string_view signature;  // "" when the chunk carries none
};

// Splits an aws-chunked body into its chunks (the final empty one included) and trailers.
// Returns false if the framing is malformed.
bool ParseAwsChunked(std::string_view body, std::vector<AwsChunk>* chunks,
                     std::vector<HttpHeader>* trailers);

// Removes aws-chunked framing ("<hex>[;chunk-signature=<sig>]\r\n<data>\r\n...0\r\n<trailers>\r\n")
// from `body`. Returns false if the framing is malformed. Trailers ("x-amz-checksum-crc32:...")
// and chunk signatures are returned when the pointers are given.
bool DecodeAwsChunked(std::string_view body, std::string* decoded,
                      std::vector<HttpHeader>* trailers = nullptr,
                      std::vector<std::string>* chunk_signatures = nullptr);

}  // namespace nimbus::core::auth
