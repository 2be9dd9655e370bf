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

#include "core/http/session.h"

namespace nimbus::core {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

using internal::Session;
using internal::Socket;
using internal::Timer;

constexpr int kSlowNice = 10;  // the niceness of the threads for slow work

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
