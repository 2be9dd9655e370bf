#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::core {

struct HttpHeader {
  std::string name;
  std::string value;
};

// One chunk of an aws-chunked body as the spooling server saw it: what SigV4 needs to check the
// chunk's signature once the data itself is gone to a file.
struct AwsChunkDigest {
  std::string data_sha256;  // hex
  std::string signature;    // "" when the chunk carries none
};

// A request body the server wrote to a file instead of HttpRequest::body, because its handler
// keeps it as a file (an S3 object): a large body never sits in memory whole. aws-chunked framing
// is already removed. The file is removed when the last holder lets go, unless the handler moved
// it away (renamed it into place) before.
// Sees a spooled body's bytes (aws-chunked framing removed) as they are written to the file, so
// that a handler need not read the file back for what it computes over the body (S3's MD5 and
// checksums). Called on the connection's thread, piece by piece, in order.
class BodyObserver {
 public:
  virtual ~BodyObserver() = default;
  virtual void Update(std::string_view bytes) = 0;
};

struct SpooledBody {
  SpooledBody() = default;
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;
  ~SpooledBody();

  std::string path;
  int64_t size = 0;           // bytes in the file
  int64_t sent_size = 0;      // bytes as sent, framing included
  std::string sent_sha256;    // hex SHA-256 of the bytes as sent, if the server was asked for it
  bool aws_chunked = false;   // the body was aws-chunked (`chunks` and `trailers` then hold it)
  std::vector<AwsChunkDigest> chunks;  // the final empty chunk included
  std::vector<HttpHeader> trailers;
  // The observer of SpoolPlan::observer, having seen every byte of the file.
  std::shared_ptr<BodyObserver> observer;
};

// One HTTP request as the server read it: HTTP chunking already removed, anything else (such as
// S3's aws-chunked framing) still in the body, unless the body was spooled to a file.
struct HttpRequest {
  std::string method;  // "POST"
  std::string target;  // the raw request-target, "/bucket/key?x-id=PutObject"
  std::vector<HttpHeader> headers;
  std::string body;
  // Set (and `body` empty) when the server spooled the body to a file.
  std::shared_ptr<const SpooledBody> spooled{};

  // The first header of that name (case-insensitive), or nullptr.
  const std::string* FindHeader(std::string_view name) const;
  // The value of that header, or "" if absent.
  std::string_view Header(std::string_view name) const;
  // Every value of that header joined with ",", as SigV4 canonicalisation wants.
  std::string JoinedHeader(std::string_view name) const;
  // The target before '?', still percent-encoded.
  std::string_view RawPath() const;
  // The target after '?', or "".
  std::string_view RawQuery() const;
};

// A byte range of an open file, sent as a response body in pieces instead of from memory. Owns
// the descriptor; on Linux an open descriptor keeps a file readable after it is replaced or
// removed, so the bytes sent are those of the moment it was opened.
class FileSlice {
 public:
  FileSlice(int fd, int64_t offset, int64_t length) : fd_(fd), offset_(offset), length_(length) {}
  FileSlice(const FileSlice&) = delete;
  FileSlice& operator=(const FileSlice&) = delete;
  ~FileSlice();

  int fd() const { return fd_; }
  int64_t offset() const { return offset_; }
  int64_t length() const { return length_; }

 private:
  int fd_;
  int64_t offset_;
  int64_t length_;
};

struct HttpResponse {
  int status = 200;
  std::vector<HttpHeader> headers;
  std::string body;
  // When set, the body is this slice of a file instead of `body`.
  std::shared_ptr<const FileSlice> file{};

  // Replaces a header of that name (case-insensitive) or adds it.
  void SetHeader(std::string_view name, std::string_view value);
  std::string_view Header(std::string_view name) const;
};

}  // namespace nimbus::core
