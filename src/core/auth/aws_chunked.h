#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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

// Removes aws-chunked framing from a body that arrives in pieces, keeping none of its data: each
// piece goes to Feed() as it comes and its decoded bytes to the sink. Remembers the chunks'
// signatures (with each chunk's SHA-256 when `hash_chunks`, for SigV4's per-chunk check) and the
// trailers. The framing rules are ParseAwsChunked's.
class AwsChunkedDecoder {
 public:
  // Takes decoded bytes; false stops decoding (a write failed).
  using Sink = std::function<bool(std::string_view)>;

  explicit AwsChunkedDecoder(bool hash_chunks);
  AwsChunkedDecoder(const AwsChunkedDecoder&) = delete;
  AwsChunkedDecoder& operator=(const AwsChunkedDecoder&) = delete;
  ~AwsChunkedDecoder();

  // False once the framing is malformed or the sink refused; the decoder stays failed.
  bool Feed(std::string_view bytes, const Sink& sink);
  // Whether the bytes fed so far are a whole aws-chunked body.
  bool Complete() const;

  std::vector<AwsChunkDigest>& chunks() { return chunks_; }
  std::vector<HttpHeader>& trailers() { return trailers_; }

 private:
  enum class State { kSizeLine, kData, kDataEnd, kTrailers, kDone, kFailed };
  bool SizeLine(std::string_view line);
  bool Trailer(std::string_view line);
  // Moves bytes into line_ up to and including '\n'; true when a line is whole.
  bool TakeLine(std::string_view* bytes);
  void EndChunk();

  struct Hasher;
  std::unique_ptr<Hasher> hasher_;  // null unless hash_chunks
  State state_ = State::kSizeLine;
  std::string line_;
  uint64_t remaining_ = 0;  // data bytes left in the current chunk
  size_t crlf_ = 0;         // bytes of the "\r\n" after a chunk's data seen
  std::vector<AwsChunkDigest> chunks_;
  std::vector<HttpHeader> trailers_;
};

}  // namespace nimbus::core::auth
