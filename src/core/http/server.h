#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/http/message.h"

namespace nimbus::core {

struct ServerOptions {
  size_t max_body_bytes = 64 * 1024 * 1024;   // larger bodies are refused (413) unread
  size_t max_header_bytes = 64 * 1024;        // larger headers are refused (431)
  std::chrono::milliseconds read_timeout{30'000};   // a request must arrive whole within this
  std::chrono::milliseconds idle_timeout{120'000};  // keep-alive wait for the next request
};

// HTTP/1.1 server on Boost.Beast: keep-alive, Expect: 100-continue, size limits and timeouts.
// It knows nothing of AWS: every request goes to the handler, which runs on an I/O thread. Only
// the requests it refuses itself (malformed 400, 413, 431) are answered here, with an error body
// in the protocol their headers suggest.
class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

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
