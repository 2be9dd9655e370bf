#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/http/body_spool.h"
#include "core/http/message.h"

namespace nimbus::core {

struct ServerOptions {
  size_t max_body_bytes = 64 * 1024 * 1024;   // larger bodies are refused (413) unread
  // Whether a request's body goes to a file (HttpRequest::spooled) instead of memory, asked once
  // its header is read (the head has no body yet). Unset, or nullopt: into `body`.
  std::function<std::optional<SpoolPlan>(const HttpRequest& head)> spool{};
  // The limit of a spooled body instead of max_body_bytes: S3's for one PUT, 5 GiB.
  uint64_t max_spooled_bytes = uint64_t{5} << 30;
  size_t max_header_bytes = 64 * 1024;        // larger headers are refused (431)
  std::chrono::milliseconds read_timeout{30'000};   // a request must arrive whole within this
  std::chrono::milliseconds idle_timeout{120'000};  // keep-alive wait for the next request
  int slow_threads = 0;  // threads of the pool for slow work (0: one per core)
  // Connections served at once; more wait in the listen backlog. 0: what the descriptor limit
  // allows once the server's own descriptors and kReservedDescriptors are set aside.
  size_t max_connections = 0;
  // Descriptors never given to connections: the store's database, journal and WAL files, and
  // whatever a request opens, still open when clients hold every other descriptor. (Also the
  // pipe UndefinedBehaviorSanitizer opens to check a vptr: without it, it aborts.)
  static constexpr size_t kReservedDescriptors = 16;
};

// What a handler answers: the response, or (when `slow` is set) work that produces it and must not
// run on an I/O thread, because it would keep that thread's other connections waiting. The server
// runs `slow` on its pool for slow work, whose threads yield the CPU to the I/O threads, and then
// writes the response it returned.
struct HttpAnswer {
  HttpAnswer() = default;
  HttpAnswer(HttpResponse r) : response(std::move(r)) {}  // NOLINT: implicit on purpose
  HttpResponse response;
  std::function<HttpResponse()> slow;
};

// HTTP/1.1 server on Boost.Beast: keep-alive, Expect: 100-continue, size limits and timeouts.
// Bodies that ServerOptions::spool picks are written to a file as they arrive, and a response
// whose body is a FileSlice is sent in pieces read from its file: neither sits in memory whole.
// It knows nothing of AWS: every request goes to the handler, which runs on the I/O thread of the
// connection and may hand slow work to the server's pool (HttpAnswer). Only the requests it
// refuses itself (malformed 400, 413, 431) are answered here, with an error body in the protocol
// their headers suggest. At its connection limit, or when the process runs out of file descriptors
// all the same, it stops accepting for a moment instead of retrying at once.
class HttpServer {
 public:
  using Handler = std::function<HttpAnswer(const HttpRequest&)>;

  HttpServer(ServerOptions options, Handler handler);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  ~HttpServer();

  // Binds and listens; returns the port (useful with port 0). Throws std::runtime_error.
  uint16_t Listen(const std::string& host, uint16_t port);
  // Serves on `threads` threads until Stop() or SIGINT/SIGTERM; returns when all have ended.
  void Run(int threads);
  // Stops accepting and ends Run(). Safe from any thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nimbus::core
