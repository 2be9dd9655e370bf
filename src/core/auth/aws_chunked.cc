#include "core/auth/aws_chunked.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include <openssl/evp.h>

#include "core/text.h"

// aws-chunked framing: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// Reads client bytes: every index checked, every failure a value.
namespace nimbus::core::auth {

bool ParseAwsChunked(std::string_view body, std::vector<AwsChunk>* chunks,
                     std::vector<HttpHeader>* trailers) {
  while (true) {
    const size_t eol = body.find("\r\n");
    if (eol == std::string_view::npos) {
      return false;
    }
    const std::string_view line = body.substr(0, eol);
    body.remove_prefix(eol + 2);
    const size_t semicolon = line.find(';');
    const std::string_view size_text = Trim(line.substr(0, semicolon));
    if (size_text.empty() || size_text.size() > 16 || !IsHex(size_text)) {
      return false;
    }
    uint64_t size = 0;
    std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    AwsChunk chunk;
    if (semicolon != std::string_view::npos) {
      for (const std::string_view extension : Split(line.substr(semicolon + 1), ';')) {
        const size_t eq = extension.find('=');
        if (eq != std::string_view::npos && Trim(extension.substr(0, eq)) == "chunk-signature") {
          chunk.signature = Trim(extension.substr(eq + 1));
        }
      }
    }
    if (size > 0) {
      if (size > body.size() || body.size() - size < 2 || body.substr(size, 2) != "\r\n") {
        return false;
      }
      chunk.data = body.substr(0, size);
      body.remove_prefix(size + 2);
      chunks->push_back(chunk);
      continue;
    }
    chunks->push_back(chunk);
    // Trailers, one "name:value" a line, up to an empty line (or the end of the body).
    while (!body.empty()) {
      const size_t end = body.find("\r\n");
      if (end == std::string_view::npos) {
        return false;
      }
      const std::string_view trailer = body.substr(0, end);
      body.remove_prefix(end + 2);
      if (trailer.empty()) {
        return body.empty();
      }
      const size_t colon = trailer.find(':');
      if (colon == std::string_view::npos || colon == 0) {
        return false;
      }
      trailers->push_back({std::string(Trim(trailer.substr(0, colon))),
                           std::string(Trim(trailer.substr(colon + 1)))});
    }
    return true;
  }
}

bool DecodeAwsChunked(std::string_view body, std::string* decoded,
                      std::vector<HttpHeader>* trailers,
                      std::vector<std::string>* chunk_signatures) {
  std::vector<AwsChunk> chunks;
  std::vector<HttpHeader> parsed_trailers;
  if (!ParseAwsChunked(body, &chunks, &parsed_trailers)) {
    return false;
  }
  if (decoded != nullptr) {
    decoded->clear();
    for (const AwsChunk& chunk : chunks) {
      decoded->append(chunk.data);
    }
  }
  if (trailers != nullptr) {
    *trailers = std::move(parsed_trailers);
  }
  if (chunk_signatures != nullptr) {
    chunk_signatures->clear();
    for (const AwsChunk& chunk : chunks) {
      if (!chunk.signature.empty()) {
        chunk_signatures->emplace_back(chunk.signature);
      }
    }
  }
  return true;
}

namespace {

constexpr size_t kMaxLine = 4096;  // a size line or a trailer; longer is malformed

}  // namespace

struct AwsChunkedDecoder::Hasher {
  Hasher() : ctx(EVP_MD_CTX_new()) { Reset(); }
  ~Hasher() { EVP_MD_CTX_free(ctx); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void Reset() { EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr); }
  std::string HexDigest() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx, out, &size);
    Reset();
    return HexEncode(std::string_view(reinterpret_cast<const char*>(out), size));
  }
  EVP_MD_CTX* ctx;
};

AwsChunkedDecoder::AwsChunkedDecoder(bool hash_chunks)
    : hasher_(hash_chunks ? std::make_unique<Hasher>() : nullptr) {}

AwsChunkedDecoder::~AwsChunkedDecoder() = default;

bool AwsChunkedDecoder::TakeLine(std::string_view* bytes) {
  const size_t newline = bytes->find('\n');
  const size_t take = newline == std::string_view::npos ? bytes->size() : newline + 1;
  line_.append(bytes->substr(0, take));
  bytes->remove_prefix(take);
  return newline != std::string_view::npos;
}

bool AwsChunkedDecoder::SizeLine(std::string_view line) {
  const size_t semicolon = line.find(';');
  const std::string_view size_text = Trim(line.substr(0, semicolon));
  if (size_text.empty() || size_text.size() > 16 || !IsHex(size_text)) return false;
  std::from_chars(size_text.data(), size_text.data() + size_text.size(), remaining_, 16);
  AwsChunkDigest chunk;
  if (semicolon != std::string_view::npos) {
    for (const std::string_view extension : Split(line.substr(semicolon + 1), ';')) {
      const size_t eq = extension.find('=');
      if (eq != std::string_view::npos && Trim(extension.substr(0, eq)) == "chunk-signature") {
        chunk.signature = std::string(Trim(extension.substr(eq + 1)));
      }
    }
  }
  chunks_.push_back(std::move(chunk));
  if (remaining_ == 0) {
    EndChunk();
    state_ = State::kTrailers;
  } else {
    state_ = State::kData;
  }
  return true;
}

void AwsChunkedDecoder::EndChunk() {
  if (hasher_) chunks_.back().data_sha256 = hasher_->HexDigest();
}

bool AwsChunkedDecoder::Trailer(std::string_view line) {
  if (line.empty()) {
    state_ = State::kDone;
    return true;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  trailers_.push_back({std::string(Trim(line.substr(0, colon))),
                       std::string(Trim(line.substr(colon + 1)))});
  return true;
}

bool AwsChunkedDecoder::Feed(std::string_view bytes, const Sink& sink) {
  while (!bytes.empty() && state_ != State::kFailed) {
    bool ok = true;
    switch (state_) {
      case State::kSizeLine:
      case State::kTrailers: {
        if (!TakeLine(&bytes)) {
          ok = line_.size() <= kMaxLine;
          break;
        }
        const std::string_view line(line_);
        ok = line.size() >= 2 && line[line.size() - 2] == '\r' && line.size() <= kMaxLine + 2;
        if (ok) {
          const std::string_view content = line.substr(0, line.size() - 2);
          ok = state_ == State::kSizeLine ? SizeLine(content) : Trailer(content);
        }
        line_.clear();
        break;
      }
      case State::kData: {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, bytes.size()));
        const std::string_view data = bytes.substr(0, n);
        if (hasher_) EVP_DigestUpdate(hasher_->ctx, data.data(), data.size());
        ok = sink(data);
        bytes.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0) {
          EndChunk();
          state_ = State::kDataEnd;
          crlf_ = 0;
        }
        break;
      }
      case State::kDataEnd:
        ok = bytes.front() == (crlf_ == 0 ? '\r' : '\n');
        bytes.remove_prefix(1);
        if (++crlf_ == 2) state_ = State::kSizeLine;
        break;
      case State::kDone:
        ok = false;  // bytes after the trailers' empty line
        break;
      case State::kFailed:
        break;
    }
    if (!ok) state_ = State::kFailed;
  }
  return state_ != State::kFailed;
}

bool AwsChunkedDecoder::Complete() const {
  // As ParseAwsChunked: the trailers end with an empty line, or with the body.
  return state_ == State::kDone || (state_ == State::kTrailers && line_.empty());
}

}  // namespace nimbus::core::auth
