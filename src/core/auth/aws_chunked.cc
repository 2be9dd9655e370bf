#include "core/auth/aws_chunked.h"

#include <charconv>
#include <utility>

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

}  // namespace nimbus::core::auth
