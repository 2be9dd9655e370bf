#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/http/body_spool.h"
#include "core/http/message.h"
#include "core/http/server.h"

// A connection of the HttpServer (server.cc), for the files of core/http only: session.cc reads
// requests and writes answers, session_body.cc spools large request bodies to a file and sends
// file responses in pieces.
namespace nimbus::core::internal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Timer = asio::basic_waitable_timer<std::chrono::steady_clock,
                                         asio::wait_traits<std::chrono::steady_clock>, Executor>;
using Clock = std::chrono::steady_clock;

// The piece of a spooled request body or of a file response held in memory at a time.
inline constexpr size_t kPieceBytes = 256 * 1024;

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
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        options_(options),
        handler_(handler),
        slow_(slow),
        open_(open) {
    open_.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() { open_.fetch_sub(1, std::memory_order_relaxed); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start();

 private:
  void SetDeadline(std::chrono::milliseconds timeout) { deadline_ = Clock::now() + timeout; }
  void Watch();
  void ReadHeader();
  void ReadRestOfHeader();
  void OnHeader(beast::error_code ec, size_t);
  void ReadBody();
  // A spooled body: up to kPieceBytes at a time into piece_, then to the file.
  void ReadPiece();
  void OnPiece(beast::error_code ec, size_t);
  // A spooled body that could not be kept: malformed aws-chunked framing (400 IncompleteBody, as
  // S3) or a disk that refused (500).
  void RefuseSpooled();
  // Answers a request whose body was not read (whole) and closes the connection after.
  void Refuse(int status, std::string_view code, std::string_view s3_code,
              std::string_view message);
  void OnRead(beast::error_code ec, size_t);
  void Serve(const HttpRequest& request, bool keep_alive, unsigned version);
  // Runs the handler's slow work on the pool, then writes its answer from the connection's own
  // thread. Meanwhile that I/O thread serves its other connections, and this one waits without a
  // deadline (the work takes what it takes; the client may give up).
  void RunSlow(std::function<HttpResponse()> work, bool head, bool keep_alive, unsigned version);
  // The status line and headers are written here rather than by Beast's serializer: the same
  // bytes, without its buffer-sequence machinery, and the body goes out as a second buffer.
  // The caller sets the deadline for the write.
  void Write(bool head, bool keep_alive, unsigned version);
  // The next piece of a file response, after the head on the first call. Each piece must go out
  // within the read timeout. A file that cannot be read any more ends the connection: the client
  // sees a body shorter than its Content-Length, not wrong bytes.
  void WriteFilePiece(bool with_head);
  void OnWrite(beast::error_code ec, size_t);
  void Fail(beast::error_code ec);
  // Ends the connection: pending operations finish with operation_aborted, the watchdog stops,
  // and the session is freed when the last handler holding it returns.
  void Close();

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

}  // namespace nimbus::core::internal
