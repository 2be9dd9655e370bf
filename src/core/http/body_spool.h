#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/auth/aws_chunked.h"
#include "core/http/message.h"

namespace nimbus::core {

// How the server keeps a request body that goes to a file (ServerOptions::spool decides which).
struct SpoolPlan {
  // The folder of the file: the handler's own, so that a rename moves the body into place.
  std::string dir;
  bool aws_chunked = false;  // remove aws-chunked framing on the way (S3 streaming uploads)
  bool hash_sent = false;    // compute SpooledBody::sent_sha256 (a SigV4 signed payload)
  bool hash_chunks = false;  // compute each chunk's SHA-256 (SigV4 per-chunk signatures)
  // Fed the bytes written to the file, then handed to the handler (SpooledBody::observer).
  std::shared_ptr<BodyObserver> observer{};
};

// Writes a request body to a file as it arrives, piece by piece, so that memory holds one piece
// at a time whatever the body's size. The file is named "<dir>/spool-XXXXXX.tmp": a process
// killed mid-upload leaves a .tmp file, which the folder's owner removes at start.
class BodySpool {
 public:
  // Creates the file. Throws std::runtime_error if it cannot.
  explicit BodySpool(const SpoolPlan& plan);
  BodySpool(const BodySpool&) = delete;
  BodySpool& operator=(const BodySpool&) = delete;
  // Removes the file unless Finish() handed it over.
  ~BodySpool();

  // Appends the next bytes of the body as sent. False if the aws-chunked framing is malformed or
  // the disk refused; the spool is then useless (error() says which).
  bool Write(std::string_view bytes);
  // The body once all of it was written: nullptr if the aws-chunked framing is incomplete.
  std::shared_ptr<const SpooledBody> Finish();

  // "IncompleteBody" (framing) or "InternalError" (disk), once Write or Finish failed.
  const std::string& error() const { return error_; }

 private:
  bool Append(std::string_view bytes);

  struct Hasher;
  std::unique_ptr<Hasher> sent_hash_;  // null unless plan.hash_sent
  std::unique_ptr<auth::AwsChunkedDecoder> decoder_;  // null unless plan.aws_chunked
  std::shared_ptr<BodyObserver> observer_;
  std::string path_;
  int fd_ = -1;
  int64_t size_ = 0;
  int64_t sent_size_ = 0;
  std::string error_;
};

}  // namespace nimbus::core
