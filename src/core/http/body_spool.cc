#include "core/http/body_spool.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include "core/text.h"

namespace nimbus::core {

struct BodySpool::Hasher {
  Hasher() : ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr); }
  ~Hasher() { EVP_MD_CTX_free(ctx); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  EVP_MD_CTX* ctx;
};

BodySpool::BodySpool(const SpoolPlan& plan)
    : sent_hash_(plan.hash_sent ? std::make_unique<Hasher>() : nullptr),
      decoder_(plan.aws_chunked ? std::make_unique<auth::AwsChunkedDecoder>(plan.hash_chunks)
                                : nullptr),
      observer_(plan.observer) {
  std::string path = plan.dir + "/spool-XXXXXX.tmp";
  fd_ = ::mkostemps(path.data(), 4, O_CLOEXEC);
  if (fd_ < 0) {
    throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
  }
  path_ = std::move(path);
}

BodySpool::~BodySpool() {
  if (fd_ >= 0) ::close(fd_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

bool BodySpool::Append(std::string_view bytes) {
  if (observer_) observer_->Update(bytes);
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = "InternalError";
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    size_ += n;
  }
  return true;
}

bool BodySpool::Write(std::string_view bytes) {
  if (!error_.empty()) return false;
  sent_size_ += static_cast<int64_t>(bytes.size());
  if (sent_hash_) EVP_DigestUpdate(sent_hash_->ctx, bytes.data(), bytes.size());
  if (!decoder_) return Append(bytes);
  if (!decoder_->Feed(bytes, [this](std::string_view data) { return Append(data); })) {
    if (error_.empty()) error_ = "IncompleteBody";
    return false;
  }
  return true;
}

std::shared_ptr<const SpooledBody> BodySpool::Finish() {
  if (!error_.empty()) return nullptr;
  if (decoder_ && !decoder_->Complete()) {
    error_ = "IncompleteBody";
    return nullptr;
  }
  auto body = std::make_shared<SpooledBody>();
  body->size = size_;
  body->sent_size = sent_size_;
  if (sent_hash_) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(sent_hash_->ctx, digest, &length);
    body->sent_sha256 = HexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
  }
  if (decoder_) {
    body->aws_chunked = true;
    body->chunks = std::move(decoder_->chunks());
    body->trailers = std::move(decoder_->trailers());
  }
  body->observer = std::move(observer_);
  ::close(fd_);
  fd_ = -1;
  body->path = std::move(path_);
  path_.clear();
  return body;
}

}  // namespace nimbus::core
