#include "core/http/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

namespace nimbus::core {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// One client connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ServerOptions& options, const HttpServer::Handler& handler)
      : stream_(std::move(socket)), options_(options), handler_(handler) {}

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(options_.max_header_bytes));
    parser_->body_limit(options_.max_body_bytes);
    stream_.expires_after(first_ ? options_.read_timeout : options_.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) {
      return Fail(ec);
    }
    first_ = false;
    stream_.expires_after(options_.read_timeout);
    const auto& header = parser_->get();
    if (beast::iequals(header[http::field::expect], "100-continue") && !parser_->is_done()) {
      // Answer at once; otherwise botocore waits a second before sending the body.
      auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                        header.version());
      http::async_write(stream_, *interim,
                        [self = shared_from_this(), interim](beast::error_code wec, size_t) {
                          if (wec) return self->Fail(wec);
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) {
      return Fail(ec);
    }
    http::request<http::string_body> message = parser_->release();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.headers.reserve(16);
    for (const auto& field : message) {
      request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    request.body = std::move(message.body());
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();
    HttpResponse response = handler_(request);
    Write(std::move(response), request.method == "HEAD", keep_alive, version);
  }

  void Write(HttpResponse response, bool head, bool keep_alive, unsigned version) {
    auto status = static_cast<http::status>(response.status);
    if (head) {
      auto res = std::make_shared<http::response<http::empty_body>>(status, version);
      FillHeaders(*res, response);
      if (response.Header("Content-Length").empty()) {
        res->content_length(response.body.size());
      }
      res->keep_alive(keep_alive);
      http::async_write(stream_, *res,
                        [self = shared_from_this(), res](beast::error_code ec, size_t) {
                          self->OnWrite(ec, res->need_eof());
                        });
      return;
    }
    auto res = std::make_shared<http::response<http::string_body>>(status, version);
    FillHeaders(*res, response);
    res->body() = std::move(response.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      self->OnWrite(ec, res->need_eof());
    });
  }

  template <class Message>
  static void FillHeaders(Message& res, const HttpResponse& response) {
    res.set(http::field::server, "nimbus");
    for (const HttpHeader& h : response.headers) {
      res.set(h.name, h.value);
    }
  }

  void OnWrite(beast::error_code ec, bool close) {
    if (ec) {
      return Fail(ec);
    }
    if (close) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    ReadHeader();
  }

  void Fail(beast::error_code ec) {
    // Refuse oversized requests with a status before closing; anything else just closes.
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      const bool body = ec == http::error::body_limit;
      auto res = std::make_shared<http::response<http::string_body>>(
          body ? http::status::payload_too_large
               : http::status::request_header_fields_too_large,
          11);
      res->set(http::field::content_type, "text/plain");
      res->set(http::field::connection, "close");
      res->body() = body ? "request body exceeds the configured limit\n"
                         : "request header exceeds the configured limit\n";
      res->prepare_payload();
      stream_.expires_after(std::chrono::seconds(5));
      http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, size_t) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      });
      return;
    }
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const ServerOptions& options_;
  const HttpServer::Handler& handler_;
  bool first_ = true;
};

}  // namespace

// One io_context per thread, each run by exactly one thread, and every connection bound to one of
// them (round robin): a connection's handlers never change threads, so they need no strand, and
// the threads do not wake each other through a shared scheduler (with one shared io_context that
// cost several futex calls per request).
struct HttpServer::Impl {
  Impl(ServerOptions opts, Handler h)
      : options(std::move(opts)), handler(std::move(h)), ioc(1), acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM) {}

  asio::io_context& NextContext() {
    if (workers.empty()) return ioc;
    const size_t index = next_context++ % (workers.size() + 1);
    return index == 0 ? ioc : *workers[index - 1];
  }

  void Accept() {
    acceptor.async_accept(NextContext(), [this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor.is_open()) {
        return;
      }
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), options, handler)->Start();
      }
      Accept();
    });
  }

  // Destroyed in reverse order. The sessions held by pending handlers refer to `options` and
  // `handler`; the pending accept on `ioc` holds a socket of a worker context, so `ioc` (with its
  // acceptor and signals) goes before the workers.
  ServerOptions options;
  Handler handler;
  std::vector<std::unique_ptr<asio::io_context>> workers;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> worker_guards;
  asio::io_context ioc;  // the acceptor, signals, and its share of the connections
  tcp::acceptor acceptor;
  asio::signal_set signals;
  size_t next_context = 0;  // only touched by the accept handler, which runs on ioc's thread
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
  impl_->Accept();
  std::vector<std::thread> pool;
  for (const std::unique_ptr<asio::io_context>& worker : impl_->workers) {
    pool.emplace_back([context = worker.get()] { context->run(); });
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
    for (const std::unique_ptr<asio::io_context>& worker : impl_->workers) {
      worker->stop();
    }
    impl_->ioc.stop();
  });
}

}  // namespace nimbus::core
