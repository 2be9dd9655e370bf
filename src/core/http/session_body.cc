// The parts of a connection that move large bodies a piece at a time: a request body spooled to
// a file as it arrives (SpoolPlan), and a response whose body is a file (FileSlice).
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include <boost/asio/write.hpp>
#include <unistd.h>

#include "core/http/session.h"

namespace nimbus::core::internal {

void Session::ReadPiece() {
  auto& body = spool_parser_->get().body();
  body.data = piece_.data();
  body.size = piece_.size();
  body.more = true;
  http::async_read(socket_, buffer_, *spool_parser_,
                   beast::bind_front_handler(&Session::OnPiece, shared_from_this()));
}

void Session::OnPiece(beast::error_code ec, size_t) {
  if (ec == http::error::need_buffer) {
    ec = {};  // piece_ is full
  }
  if (ec) {
    return Fail(ec);
  }
  const size_t n = piece_.size() - spool_parser_->get().body().size;
  if (n > 0 && !spool_->Write(std::string_view(piece_.data(), n))) {
    return RefuseSpooled();
  }
  // A large body may take longer than the read timeout: it only has to keep coming.
  SetDeadline(options_.read_timeout);
  if (!spool_parser_->is_done()) {
    return ReadPiece();
  }
  std::shared_ptr<const SpooledBody> spooled = spool_->Finish();
  if (!spooled) {
    return RefuseSpooled();
  }
  HttpRequest request = std::move(spool_head_);
  request.spooled = std::move(spooled);
  const bool keep_alive = spool_parser_->get().keep_alive();
  const unsigned version = spool_parser_->get().version();
  spool_.reset();
  spool_parser_.reset();
  piece_ = {};
  Serve(request, keep_alive, version);
}

void Session::RefuseSpooled() {
  if (spool_->error() == "IncompleteBody") {
    return Refuse(400, "IncompleteBody", "IncompleteBody",
                  "The request body terminated unexpectedly");
  }
  Refuse(500, "InternalFailure", "InternalError",
         "We encountered an internal error. Please try again.");
}

void Session::WriteFilePiece(bool with_head) {
  const FileSlice& file = *response_.file;
  const size_t want =
      static_cast<size_t>(std::min<int64_t>(file.length() - file_sent_, kPieceBytes));
  size_t got = 0;
  while (got < want) {
    const ssize_t n =
        ::pread(file.fd(), piece_.data() + got, want - got,
                static_cast<off_t>(file.offset() + file_sent_) + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::fprintf(stderr, "nimbus: cannot read a response body: %s\n",
                   n < 0 ? std::strerror(errno) : "the file is shorter");
      return Close();
    }
    got += static_cast<size_t>(n);
  }
  file_sent_ += static_cast<int64_t>(got);
  SetDeadline(options_.read_timeout);
  const std::array<asio::const_buffer, 2> buffers{
      with_head ? asio::buffer(head_) : asio::const_buffer(), asio::buffer(piece_.data(), got)};
  asio::async_write(socket_, buffers, [self = shared_from_this()](beast::error_code ec, size_t n) {
    if (ec || self->file_sent_ == self->response_.file->length()) {
      self->piece_ = {};
      return self->OnWrite(ec, n);
    }
    self->WriteFilePiece(/*with_head=*/false);
  });
}

}  // namespace nimbus::core::internal
