#include "core/http/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/text.h"

namespace nimbus::core {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Timer = asio::basic_waitable_timer<std::chrono::steady_clock,
                                         asio::wait_traits<std::chrono::steady_clock>, Executor>;
using Clock = std::chrono::steady_clock;

constexpr int kSlowNice = 10;  // the niceness of the threads for slow work
// The piece of a spooled request body or of a file response held in memory at a time.
constexpr size_t kPieceBytes = 256 * 1024;

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

// One client connection: read a request, answer it, repeat while keep-alive.
//
// Timeouts cost nothing per request: each phase only moves deadline_, and one timer per
// connection wakes at the deadline it last saw, then either closes the connection or sleeps
// until the newer deadline. (Beast's tcp_stream re-arms a timer for every read and write, which
// was a timerfd_settime system call and a type-erased executor copy per request.) The socket
// and timer are bound to their io_context's executor type directly for the same reason.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // `open` counts the connections being served: this one until it is destroyed.
  Session(Socket socket, const ServerOptions& options, const HttpServer::Handler& handler,
          asio::io_context& slow, std::atomic<size_t>& open)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), options_(options),
        handler_(handler), slow_(slow), open_(open) {
    open_.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() { open_.fetch_sub(1, std::memory_order_relaxed); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start() {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->SetDeadline(self->options_.read_timeout);
      self->Watch();
      self->ReadHeader();
    });
  }

 private:
  void SetDeadline(std::chrono::milliseconds timeout) { deadline_ = Clock::now() + timeout; }

  void Watch() {
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

  void ReadHeader() {
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

  void ReadRestOfHeader() {
    http::async_read_header(socket_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
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
    if (beast::iequals(spool_parser_ ? spool_parser_->get()[http::field::expect]
                                     : header[http::field::expect],
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

  void ReadBody() {
    if (spool_parser_) {
      return ReadPiece();
    }
    http::async_read(socket_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  // A spooled body: up to kPieceBytes at a time into piece_, then to the file.
  void ReadPiece() {
    auto& body = spool_parser_->get().body();
    body.data = piece_.data();
    body.size = piece_.size();
    body.more = true;
    http::async_read(socket_, buffer_, *spool_parser_,
                     beast::bind_front_handler(&Session::OnPiece, shared_from_this()));
  }

  void OnPiece(beast::error_code ec, size_t) {
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

  // A spooled body that could not be kept: malformed aws-chunked framing (400 IncompleteBody, as
  // S3) or a disk that refused (500).
  void RefuseSpooled() {
    if (spool_->error() == "IncompleteBody") {
      return Refuse(400, "IncompleteBody", "IncompleteBody",
                    "The request body terminated unexpectedly");
    }
    Refuse(500, "InternalFailure", "InternalError",
           "We encountered an internal error. Please try again.");
  }

  // Answers a request whose body was not read (whole) and closes the connection after.
  void Refuse(int status, std::string_view code, std::string_view s3_code,
              std::string_view message) {
    response_ = RefusalAnswer(status, spool_head_, code, s3_code, message);
    spool_.reset();
    SetDeadline(std::chrono::seconds(5));
    Write(/*head=*/false, /*keep_alive=*/false, 11);
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) {
      return Fail(ec);
    }
    http::request<http::string_body>& message = parser_->get();
    HttpRequest request = HeadOf(message);
    request.body = std::move(message.body());
    Serve(request, message.keep_alive(), message.version());
  }

  void Serve(const HttpRequest& request, bool keep_alive, unsigned version) {
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

  // Runs the handler's slow work on the pool, then writes its answer from the connection's own
  // thread. Meanwhile that I/O thread serves its other connections, and this one waits without a
  // deadline (the work takes what it takes; the client may give up).
  void RunSlow(std::function<HttpResponse()> work, bool head, bool keep_alive, unsigned version) {
    deadline_ = Clock::now() + std::chrono::hours(24);
    asio::post(slow_, [self = shared_from_this(), work = std::move(work), head, keep_alive,
                       version] {
      HttpResponse response;
      try {
        response = work();
      } catch (const std::exception& e) {
        response.status = 500;
        response.body = std::string("nimbus: internal error: ") + e.what();
      }
      asio::post(self->socket_.get_executor(), [self, response = std::move(response), head,
                                                keep_alive, version]() mutable {
        if (self->closed_) return;
        self->response_ = std::move(response);
        self->SetDeadline(self->options_.read_timeout);
        self->Watch();  // it slept toward the long deadline
        self->Write(head, keep_alive, version);
      });
    });
  }

  // The status line and headers are written here rather than by Beast's serializer: the same
  // bytes, without its buffer-sequence machinery, and the body goes out as a second buffer.
  // The caller sets the deadline for the write.
  void Write(bool head, bool keep_alive, unsigned version) {
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
      const size_t size = response_.file ? static_cast<size_t>(response_.file->length())
                                         : response_.body.size();
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

  // The next piece of a file response, after the head on the first call. Each piece must go out
  // within the read timeout. A file that cannot be read any more ends the connection: the client
  // sees a body shorter than its Content-Length, not wrong bytes.
  void WriteFilePiece(bool with_head) {
    const FileSlice& file = *response_.file;
    const size_t want =
        static_cast<size_t>(std::min<int64_t>(file.length() - file_sent_, kPieceBytes));
    size_t got = 0;
    while (got < want) {
      const ssize_t n = ::pread(file.fd(), piece_.data() + got, want - got,
                                static_cast<off_t>(file.offset() + file_sent_) +
                                    static_cast<off_t>(got));
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
    asio::async_write(socket_, buffers,
                      [self = shared_from_this()](beast::error_code ec, size_t n) {
                        if (ec || self->file_sent_ == self->response_.file->length()) {
                          self->piece_ = {};
                          return self->OnWrite(ec, n);
                        }
                        self->WriteFilePiece(/*with_head=*/false);
                      });
  }

  void OnWrite(beast::error_code ec, size_t) {
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

  void Fail(beast::error_code ec) {
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
          spool_parser_
              ? spool_head_
              : PartialHead(parser_->get(), parser_->is_header_done()
                                                ? std::string_view()
                                                : std::string_view(
                                                      static_cast<const char*>(rest.data()),
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

  // Ends the connection: pending operations finish with operation_aborted, the watchdog stops,
  // and the session is freed when the last handler holding it returns.
  void Close() {
    closed_ = true;
    beast::error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

  // Bytes asked for by the first read of a request on a kept-alive connection.
  static constexpr size_t kFirstRead = 4096;
  // The buffer's capacity while a body is spooled, at most what Beast reads per system call.
  static constexpr size_t kReadBytes = 64 * 1024;

  Socket socket_;
  Timer timer_;
  Clock::time_point deadline_{};
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  // While a body is spooled: the parser (taken over from parser_ after the header), the head, and
  // the file. piece_ holds a piece of a spooled body or of a file response.
  std::optional<http::request_parser<http::buffer_body>> spool_parser_;
  HttpRequest spool_head_;
  std::optional<BodySpool> spool_;
  std::vector<char> piece_;
  int64_t file_sent_ = 0;  // bytes of response_.file sent
  HttpResponse response_;
  std::string head_;
  const ServerOptions& options_;
  const HttpServer::Handler& handler_;
  asio::io_context& slow_;
  std::atomic<size_t>& open_;
  bool first_ = true;
  bool close_after_ = false;
  bool closed_ = false;
};

// Lowers the calling thread's priority below the I/O threads' (nice 10: a tenth of the CPU share
// of a normal thread when they compete), so that a request arriving on an I/O thread preempts slow
// work at once. Not SCHED_IDLE or nice 19: under a machine loaded by other processes (a parallel
// test suite) those starve slow calls for seconds. Best effort: nothing changes if refused.
void YieldToIoThreads() { setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kSlowNice); }

// Whether an accept failed because the process or the system ran out of descriptors (or of the
// memory for one): retrying at once would fail again, in a loop that burns a core.
bool OutOfDescriptors(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory ||
         ec == beast::errc::make_error_code(beast::errc::too_many_files_open_in_system);
}

// How many connections fit in the descriptor limit: what is left of the soft RLIMIT_NOFILE once
// the descriptors open now (the listening socket, standard streams, the store's files), the three
// each of `idle_contexts` will open on first use (Asio's epoll, eventfd and timerfd) and
// ServerOptions::kReservedDescriptors are set aside. At least 1.
size_t ConnectionsTheDescriptorLimitAllows(size_t idle_contexts) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return SIZE_MAX;
  }
  std::error_code ec;
  size_t open = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++open;
  }
  const size_t taken = open + 3 * idle_contexts + ServerOptions::kReservedDescriptors;
  return limit.rlim_cur > taken ? static_cast<size_t>(limit.rlim_cur) - taken : 1;
}

}  // namespace

// One io_context per thread, each run by exactly one thread, and every connection bound to one of
// them (round robin): a connection's handlers never change threads, so they need no strand, and
// the threads do not wake each other through a shared scheduler (with one shared io_context that
// cost several futex calls per request). Slow work goes to one more io_context, run by the pool
// for slow work.
struct HttpServer::Impl {
  Impl(ServerOptions opts, Handler h)
      : options(std::move(opts)), handler(std::move(h)), ioc(1), acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM), accept_pause(ioc.get_executor()),
        slow_guard(asio::make_work_guard(slow)) {}

  asio::io_context& NextContext() {
    if (workers.empty()) return ioc;
    const size_t index = next_context++ % (workers.size() + 1);
    return index == 0 ? ioc : *workers[index - 1];
  }

  void Accept() {
    if (open_connections.load(std::memory_order_relaxed) >= connection_limit) {
      Pause("at the limit of " + std::to_string(connection_limit) + " open connections");
      return;
    }
    asio::io_context& context = NextContext();
    acceptor.async_accept(context.get_executor(), [this](beast::error_code ec, Socket socket) {
      if (!acceptor.is_open()) {
        return;
      }
      if (OutOfDescriptors(ec)) {
        Pause(ec.message());
        return;
      }
      paused = false;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), options, handler, slow, open_connections)
            ->Start();
      }
      Accept();
    });
  }

  // New connections wait in the listen backlog until a connection closes or descriptors are free
  // again. The first pause of a run of them is logged.
  void Pause(const std::string& why) {
    if (!paused) {
      std::fprintf(stderr, "nimbus: cannot accept connections (%s); retrying every %lld ms\n",
                   why.c_str(), static_cast<long long>(kAcceptPause.count()));
    }
    paused = true;
    accept_pause.expires_after(kAcceptPause);
    accept_pause.async_wait([this](beast::error_code wait) {
      if (!wait) Accept();
    });
  }

  static constexpr std::chrono::milliseconds kAcceptPause{50};

  // Destroyed in reverse order. The sessions held by pending handlers refer to `options` and
  // `handler`; the pending accept on `ioc` holds a socket of a worker context, so `ioc` (with its
  // acceptor and signals) goes before the workers, and `slow`, whose pending work holds sessions,
  // before them all.
  ServerOptions options;
  Handler handler;
  std::atomic<size_t> open_connections{0};  // sessions alive, on any thread
  size_t connection_limit = SIZE_MAX;       // set by Run
  std::vector<std::unique_ptr<asio::io_context>> workers;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> worker_guards;
  asio::io_context ioc;  // the acceptor, signals, and its share of the connections
  tcp::acceptor acceptor;
  asio::signal_set signals;
  Timer accept_pause;
  bool paused = false;      // only touched on ioc's thread
  size_t next_context = 0;  // only touched by the accept handler, which runs on ioc's thread
  asio::io_context slow;
  asio::executor_work_guard<asio::io_context::executor_type> slow_guard;
};

HttpServer::HttpServer(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::Listen(const std::string& host, uint16_t port) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) {
    throw std::runtime_error("invalid --host " + host + ": " + ec.message());
  }
  const tcp::endpoint endpoint(address, port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  }
  return acceptor.local_endpoint().port();
}

void HttpServer::Run(int threads) {
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) Stop();
  });
  for (int i = 1; i < threads; ++i) {
    impl_->workers.push_back(std::make_unique<asio::io_context>(1));
    impl_->worker_guards.push_back(asio::make_work_guard(*impl_->workers.back()));
  }
  impl_->connection_limit = impl_->options.max_connections > 0
                                ? impl_->options.max_connections
                                : ConnectionsTheDescriptorLimitAllows(impl_->workers.size());
  impl_->Accept();
  std::vector<std::thread> pool;
  for (const std::unique_ptr<asio::io_context>& worker : impl_->workers) {
    pool.emplace_back([context = worker.get()] { context->run(); });
  }
  const int slow_threads =
      impl_->options.slow_threads > 0
          ? impl_->options.slow_threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < slow_threads; ++i) {
    pool.emplace_back([this] {
      YieldToIoThreads();
      impl_->slow.run();
    });
  }
  impl_->ioc.run();
  for (std::thread& t : pool) {
    t.join();
  }
}

void HttpServer::Stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->signals.cancel(ignored);
    impl_->accept_pause.cancel();
    for (const std::unique_ptr<asio::io_context>& worker : impl_->workers) {
      worker->stop();
    }
    impl_->slow.stop();
    impl_->ioc.stop();
  });
}

}  // namespace nimbus::core
