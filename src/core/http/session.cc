// A connection: the request's header, its body in memory (a spooled one: session_body.cc), the
// handler's answer, written back; keep-alive, timeouts and refusals.
#include "core/http/session.h"

#include <array>
#include <cstdio>
#include <exception>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "core/text.h"

namespace nimbus::core::internal {

namespace {

// The method, target and fields of a parsed header.
HttpRequest HeadOf(const http::request_header<>& header) {
  HttpRequest request;
  request.method = std::string(header.method_string());
  request.target = std::string(header.target());
  request.headers.reserve(16);
  for (const auto& field : header) {
    request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  return request;
}

// What the parser had of a request when it refused it: the start line and fields it parsed, then
// the lines still in `rest` ("Name: value"; the start line first if it was not parsed), so that
// an answer can be shaped from headers even when the header section was never completed.
HttpRequest PartialHead(const http::request<http::string_body>& parsed, std::string_view rest) {
  HttpRequest request;
  request.target = std::string(parsed.target());
  for (const auto& field : parsed) {
    request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  const size_t end = rest.find("\r\n\r\n");
  if (end != std::string_view::npos) rest = rest.substr(0, end);
  bool start_line = request.target.empty();
  for (std::string_view line : Split(rest, '\n')) {
    if (start_line) {
      start_line = false;
      const std::vector<std::string_view> words = Split(Trim(line), ' ');
      if (words.size() > 1) request.target = std::string(words[1]);
      continue;
    }
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      request.headers.push_back(
          {std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1)))});
    }
  }
  return request;
}

// An answer to a request refused before it reached the handler, shaped as the error of the
// service's protocol so that SDKs show its code and message (the server does not route; the
// headers are enough): X-Amz-Target means JSON, a SigV4 scope for s3 or an x-amz-content-sha256
// header means S3's <Error>, and anything else gets the Query <ErrorResponse>, which is also what
// a bare HTTP client can read.
HttpResponse RefusalAnswer(int status, const HttpRequest& request, std::string_view code,
                           std::string_view s3_code, std::string_view message) {
  HttpResponse response;
  response.status = status;
  const std::string_view authorization = request.Header("Authorization");
  const bool s3 = authorization.find("/s3/aws4_request") != std::string_view::npos ||
                  request.target.find("%2Fs3%2Faws4_request") != std::string::npos ||
                  request.FindHeader("x-amz-content-sha256") != nullptr;
  if (request.FindHeader("X-Amz-Target") != nullptr) {
    // The request's JSON version, never its bytes: a refused header may hold control bytes.
    const std::string_view type = request.Header("Content-Type");
    response.SetHeader("Content-Type", type == "application/x-amz-json-1.0"
                                           ? type
                                           : std::string_view("application/x-amz-json-1.1"));
    response.body.append("{\"__type\":\"").append(code).append("\",\"message\":\"");
    response.body.append(message).append("\"}");
  } else if (s3) {
    response.SetHeader("Content-Type", "application/xml");
    response.body.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>");
    response.body.append(s3_code).append("</Code><Message>").append(message);
    response.body.append("</Message></Error>");
  } else {
    response.SetHeader("Content-Type", "text/xml");
    response.body.append("<ErrorResponse><Error><Type>Sender</Type><Code>").append(code);
    response.body.append("</Code><Message>").append(message).append("</Message></Error>");
    response.body.append("</ErrorResponse>");
  }
  return response;
}

}  // namespace

void Session::Start() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    self->SetDeadline(self->options_.read_timeout);
    self->Watch();
    self->ReadHeader();
  });
}

void Session::Watch() {
  timer_.expires_at(deadline_);
  timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->closed_) {
      return;
    }
    if (Clock::now() >= self->deadline_) {
      return self->Close();  // the pending read or write ends with operation_aborted
    }
    self->Watch();
  });
}

void Session::ReadHeader() {
  parser_.emplace();
  parser_->header_limit(static_cast<uint32_t>(options_.max_header_bytes));
  // The limit depends on where the body goes, known once the header is read (OnHeader).
  parser_->body_limit(boost::none);
  if (first_) {
    return ReadRestOfHeader();  // a fresh connection's deadline runs from the accept
  }
  if (buffer_.size() > 0) {
    SetDeadline(options_.read_timeout);  // the next request (pipelined) has begun
    return ReadRestOfHeader();
  }
  // Between requests the connection may idle; once the next request's first bytes arrive, its
  // header must be whole within the read timeout, as on a fresh connection (otherwise a client
  // trickling a header keeps the connection for the idle timeout instead). The bytes are read
  // into buffer_, where the parser finds them: the same read Beast would make.
  SetDeadline(options_.idle_timeout);
  socket_.async_read_some(buffer_.prepare(kFirstRead),
                          [self = shared_from_this()](beast::error_code ec, size_t n) {
                            if (ec) return self->Fail(ec);
                            self->buffer_.commit(n);
                            self->SetDeadline(self->options_.read_timeout);
                            if (self->timer_.expiry() > self->deadline_) {
                              self->Watch();  // it slept toward the idle deadline
                            }
                            self->ReadRestOfHeader();
                          });
}

void Session::ReadRestOfHeader() {
  http::async_read_header(socket_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
}

void Session::OnHeader(beast::error_code ec, size_t) {
  if (ec) {
    return Fail(ec);
  }
  first_ = false;
  SetDeadline(options_.read_timeout);
  const auto& header = parser_->get();
  std::optional<SpoolPlan> plan;
  if (options_.spool && !parser_->is_done()) {
    spool_head_ = HeadOf(header);
    plan = options_.spool(spool_head_);
  }
  const uint64_t limit = plan ? options_.max_spooled_bytes : options_.max_body_bytes;
  if (parser_->content_length() && *parser_->content_length() > limit) {
    return Fail(http::error::body_limit);  // refused unread, before any 100 Continue
  }
  parser_->body_limit(limit);  // a chunked body is counted as it comes
  if (plan) {
    try {
      spool_.emplace(*plan);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "nimbus: %s\n", e.what());
      return Refuse(500, "InternalFailure", "InternalError",
                    "We encountered an internal error. Please try again.");
    }
    spool_parser_.emplace(std::move(*parser_));
    parser_.reset();
    piece_.resize(kPieceBytes);
    // Beast reads at most the buffer's spare capacity (512 bytes at least) per system call: a
    // large body read through the 4 KiB of a header is hundreds of thousands of reads.
    buffer_.reserve(kReadBytes);
  }
  if (beast::iequals(
          spool_parser_ ? spool_parser_->get()[http::field::expect] : header[http::field::expect],
          "100-continue") &&
      (spool_parser_ || !parser_->is_done())) {
    // Answer at once; otherwise botocore waits a second before sending the body.
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code wec, size_t) {
                        if (wec) return self->Fail(wec);
                        self->ReadBody();
                      });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  if (spool_parser_) {
    return ReadPiece();
  }
  http::async_read(socket_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::OnRead, shared_from_this()));
}

void Session::Refuse(int status, std::string_view code, std::string_view s3_code,
                     std::string_view message) {
  response_ = RefusalAnswer(status, spool_head_, code, s3_code, message);
  spool_.reset();
  SetDeadline(std::chrono::seconds(5));
  Write(/*head=*/false, /*keep_alive=*/false, 11);
}

void Session::OnRead(beast::error_code ec, size_t) {
  if (ec) {
    return Fail(ec);
  }
  http::request<http::string_body>& message = parser_->get();
  HttpRequest request = HeadOf(message);
  request.body = std::move(message.body());
  Serve(request, message.keep_alive(), message.version());
}

void Session::Serve(const HttpRequest& request, bool keep_alive, unsigned version) {
  const bool head = request.method == "HEAD";
  HttpAnswer answer = handler_(request);
  if (answer.slow) {
    return RunSlow(std::move(answer.slow), head, keep_alive, version);
  }
  response_ = std::move(answer.response);
  // The answer must go out within the read timeout, however long the handler took.
  SetDeadline(options_.read_timeout);
  Write(head, keep_alive, version);
}

void Session::RunSlow(std::function<HttpResponse()> work, bool head, bool keep_alive,
                      unsigned version) {
  deadline_ = Clock::now() + std::chrono::hours(24);
  asio::post(slow_, [self = shared_from_this(), work = std::move(work), head, keep_alive, version] {
    HttpResponse response;
    try {
      response = work();
    } catch (const std::exception& e) {
      response.status = 500;
      response.body = std::string("nimbus: internal error: ") + e.what();
    }
    asio::post(self->socket_.get_executor(),
               [self, response = std::move(response), head, keep_alive, version]() mutable {
                 if (self->closed_) return;
                 self->response_ = std::move(response);
                 self->SetDeadline(self->options_.read_timeout);
                 self->Watch();  // it slept toward the long deadline
                 self->Write(head, keep_alive, version);
               });
  });
}

void Session::Write(bool head, bool keep_alive, unsigned version) {
  head_.clear();
  head_.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  const auto status = static_cast<unsigned>(response_.status);
  head_.append(std::to_string(status));
  head_.push_back(' ');
  const std::string_view reason = http::obsolete_reason(static_cast<http::status>(status));
  head_.append(reason.data(), reason.size());
  head_.append("\r\nServer: nimbus\r\n");
  std::string_view length;
  for (const HttpHeader& h : response_.headers) {
    if (beast::iequals(h.name, "Content-Length")) {
      length = h.value;
      if (!head) continue;  // the body's own length is written below
    }
    if (beast::iequals(h.name, "Connection") || beast::iequals(h.name, "Server")) {
      continue;
    }
    head_.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!head || length.empty()) {
    const size_t size =
        response_.file ? static_cast<size_t>(response_.file->length()) : response_.body.size();
    head_.append("Content-Length: ").append(std::to_string(size)).append("\r\n");
  }
  close_after_ = !keep_alive;
  if (version == 10 && keep_alive) {
    head_.append("Connection: keep-alive\r\n");
  } else if (version != 10 && !keep_alive) {
    head_.append("Connection: close\r\n");
  }
  head_.append("\r\n");
  if (response_.file && !head) {
    file_sent_ = 0;
    piece_.resize(kPieceBytes);
    return WriteFilePiece(/*with_head=*/true);
  }
  const std::array<asio::const_buffer, 2> buffers{
      asio::buffer(head_), head ? asio::const_buffer() : asio::buffer(response_.body)};
  asio::async_write(socket_, buffers,
                    beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
}

void Session::OnWrite(beast::error_code ec, size_t) {
  if (ec) {
    return Fail(ec);
  }
  response_ = {};
  if (close_after_) {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    return Close();
  }
  ReadHeader();
}

void Session::Fail(beast::error_code ec) {
  // Refuse a malformed or oversized request with a status before closing; anything else (the
  // client went away, a timeout) just closes.
  const bool bad = ec == http::error::bad_line_ending || ec == http::error::bad_method ||
                   ec == http::error::bad_target || ec == http::error::bad_version ||
                   ec == http::error::bad_field || ec == http::error::bad_value ||
                   ec == http::error::bad_content_length ||
                   ec == http::error::bad_transfer_encoding || ec == http::error::bad_chunk ||
                   ec == http::error::bad_chunk_extension || ec == http::error::bad_obs_fold ||
                   ec == http::error::multiple_content_length;
  if (bad || ec == http::error::body_limit || ec == http::error::header_limit) {
    // Past the header, the buffer holds body bytes, not header lines.
    const auto rest = buffer_.data();
    const HttpRequest request =
        spool_parser_ ? spool_head_
                      : PartialHead(parser_->get(),
                                    parser_->is_header_done()
                                        ? std::string_view()
                                        : std::string_view(static_cast<const char*>(rest.data()),
                                                           rest.size()));
    spool_.reset();
    spool_parser_.reset();
    if (ec == http::error::body_limit) {
      response_ = RefusalAnswer(413, request, "RequestEntityTooLarge", "EntityTooLarge",
                                "Your request body exceeds the maximum allowed size.");
    } else if (ec == http::error::header_limit) {
      response_ = RefusalAnswer(431, request, "RequestHeaderSectionTooLarge",
                                "RequestHeaderSectionTooLarge",
                                "Your request header section exceeds the maximum allowed size.");
    } else {
      response_ = RefusalAnswer(400, request, "BadRequest", "BadRequest",
                                "An error occurred when parsing the HTTP request.");
    }
    SetDeadline(std::chrono::seconds(5));
    Write(/*head=*/false, /*keep_alive=*/false, 11);
    return;
  }
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  Close();
}

void Session::Close() {
  closed_ = true;
  beast::error_code ignored;
  socket_.close(ignored);
  timer_.cancel();
}

}  // namespace nimbus::core::internal
