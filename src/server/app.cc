#include "server/app.h"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "cloudformation/register.h"
#include "core/auth/identity.h"
#include "core/dispatch.h"
#include "core/http/server.h"
#include "core/model/model.h"
#include "server/memory_keeper.h"
#include "server/options.h"
#include "services/registry.h"
#include "services/ssm/managed_node_provider.h"
#include "store/database.h"
#include "store/scheduler.h"

extern char** environ;

namespace nimbus::server {

namespace {

std::map<std::string, std::string> Environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    const size_t eq = entry.find('=');
    if (eq != std::string::npos && entry.compare(0, 7, "NIMBUS_") == 0) {
      env[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
  }
  return env;
}

// One line per request on stdout: request id, service.Operation, status, milliseconds.
class AccessLog {
 public:
  explicit AccessLog(bool enabled) : enabled_(enabled) {}
  // "<request id> <service>.<Operation> <status> <ms with two decimals>ms", formatted without
  // printf (this runs for every request).
  void Write(const core::Outcome& outcome, double millis) {
    if (!enabled_) return;
    std::string line;
    line.reserve(outcome.request_id.size() + outcome.service.size() + outcome.operation.size() + 32);
    line.append(outcome.request_id).append(" ").append(outcome.service).append(".");
    line.append(outcome.operation).append(" ");
    char number[32];
    line.append(number, std::to_chars(number, number + sizeof(number), outcome.response.status).ptr);
    line.push_back(' ');
    const long long hundredths = std::llround(std::max(0.0, millis) * 100.0);
    line.append(number, std::to_chars(number, number + sizeof(number), hundredths / 100).ptr);
    line.push_back('.');
    line.push_back(static_cast<char>('0' + hundredths % 100 / 10));
    line.push_back(static_cast<char>('0' + hundredths % 10));
    line.append("ms\n");
    std::lock_guard lock(mu_);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  }

 private:
  bool enabled_;
  std::mutex mu_;
};

// Raises the soft limit on open descriptors to the hard limit (often 1,024 against 524,288):
// every connection is a descriptor, and test suites open many at once.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    const rlim_t soft = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0 && limit.rlim_max == RLIM_INFINITY) {
      limit.rlim_cur = std::max<rlim_t>(soft, 1 << 20);  // the kernel's usual nr_open
      setrlimit(RLIMIT_NOFILE, &limit);
    }
  }
}

double MillisSince(std::chrono::steady_clock::time_point start) {
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  return took.count();
}

// The URL a client on this machine reaches the server at: a wildcard address is reached as
// localhost, an IPv6 literal in brackets.
std::string Endpoint(const std::string& host, uint16_t port) {
  std::string reachable = host;
  if (host.empty() || host == "0.0.0.0" || host == "::") {
    reachable = "localhost";
  } else if (host.find(':') != std::string::npos) {
    reachable = "[" + host + "]";
  }
  return "http://" + reachable + ":" + std::to_string(port);
}

}  // namespace

int Main(int argc, const char* const* argv) {
  Options options;
  std::string error;
  bool help = false;
  if (!ParseOptions(argc, argv, Environment(), &options, &error, &help)) {
    (help ? std::cout : std::cerr) << (help ? error : "nimbus: " + error + "\n");
    return help ? 0 : 2;
  }
  RaiseDescriptorLimit();
  try {
    std::optional<core::auth::StaticKeys> static_keys;
    if (!options.credentials_file.empty()) {
      std::ifstream in(options.credentials_file);
      if (!in) {
        throw std::runtime_error("cannot read credentials file " + options.credentials_file);
      }
      std::stringstream text;
      text << in.rdbuf();
      static_keys = core::auth::StaticKeys::Parse(text.str(), options.account);
    }
    std::string db_path = ":memory:";
    if (!options.data_dir.empty()) {
      std::filesystem::create_directories(options.data_dir);
      db_path = (std::filesystem::path(options.data_dir) / "nimbus.db").string();
    }
    store::Database db(db_path);
    core::SystemClock clock;
    core::IdGenerator ids;
    store::Scheduler scheduler(db, clock);
    Runtime rt{.db = db,
               .clock = clock,
               .ids = ids,
               .scheduler = scheduler,
               .options = {.default_account = options.account,
                           .default_region = options.region,
                           .async_delay_millis = options.async_delay_ms,
                           .ping_timeout_millis = options.ping_timeout_ms,
                           .cfn_simulated_allowed = options.cfn_simulated != "fail",
                           .verify_signatures = options.sigv4 == "verify",
                           .data_dir = options.data_dir}};
    core::model::ModelRegistry models;
    core::Dispatcher dispatcher({.default_account = options.account,
                                 .default_region = options.region,
                                 .verify_signatures = options.sigv4 == "verify",
                                 .self_check = options.self_check},
                                models, clock, ids);
    if (static_keys) {
      dispatcher.AddKeyDirectory(&*static_keys);
    }
    const ServiceHooks hooks = RegisterServices(rt, dispatcher);
    cloudformation::RegisterCloudFormation(rt, dispatcher, hooks);
    dispatcher.SetResetHook([&db] {
      db.Reset();
      ReturnFreeHeap();  // the old connection's pages, freed by the reset
    });
    if (!options.fleet_file.empty()) {
      // The same as POSTing the file to the fleet endpoint once the server is up.
      std::ifstream in(options.fleet_file);
      if (!in) {
        throw std::runtime_error("cannot read fleet file " + options.fleet_file);
      }
      std::stringstream text;
      text << in.rdbuf();
      core::HttpRequest load;
      load.method = "POST";
      load.target = std::string(ssm::ManagedNodeProvider::kFleetPath);
      load.body = text.str();
      const core::Outcome loaded = dispatcher.Handle(load);
      if (loaded.response.status != 200) {
        throw std::runtime_error("fleet file " + options.fleet_file + ": " + loaded.response.body);
      }
    }

    AccessLog log(options.log_level == "info" || options.log_level == "debug");
    core::HttpServer server(
        {.max_body_bytes = static_cast<size_t>(options.max_body_bytes),
         .spool = [&dispatcher](const core::HttpRequest& head) {
           return dispatcher.SpoolPlanFor(head);
         }},
        [&](const core::HttpRequest& request) -> core::HttpAnswer {
          const auto start = std::chrono::steady_clock::now();
          std::function<core::Outcome()> later;
          core::Outcome outcome = dispatcher.Handle(request, &later);
          if (later) {  // a slow operation: the server runs it off the I/O thread
            core::HttpAnswer answer;
            answer.slow = [&log, start, later = std::move(later)] {
              core::Outcome done = later();
              log.Write(done, MillisSince(start));
              return std::move(done.response);
            };
            return answer;
          }
          log.Write(outcome, MillisSince(start));
          return std::move(outcome.response);
        });
    const uint16_t port = server.Listen(options.host, options.port);
    rt.options.endpoint = Endpoint(options.host, port);
    scheduler.Start();
    MemoryKeeper memory(db, std::chrono::seconds(1));
    memory.Start();
    const int threads = options.threads > 0
                            ? options.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::printf("listening on %s:%u\n", options.host.c_str(), port);
    std::fflush(stdout);
    server.Run(threads);
    memory.Stop();
    scheduler.Stop();
    std::printf("nimbus stopped\n");
    std::fflush(stdout);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "nimbus: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace nimbus::server
