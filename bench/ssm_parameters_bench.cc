// GetParametersByPath and DescribeParameters page latency at 10,000 and 1,000,000 parameters.
//
// Loads the parameters through ParameterStore (one transaction, in-memory SQLite, like a nimbus
// started without --data-dir), then times whole handler calls (input parsing, filter checks,
// the keyset range scan, JSON building) of ParameterProvider: first pages, pages reached through
// NextToken deep in the key space, recursive and one-level walks, and filtered pages. HTTP and
// the JSON codec are not included (bench/throughput.py measures those).
//
// Not built by CMake (benchmarks are not tests). Build optimised, from the repository root,
// against the release libraries (cmake --preset release && cmake --build --preset release):
//
//   g++ -std=c++20 -O2 -DNDEBUG -Isrc bench/ssm_parameters_bench.cc \
//       build/release/src/libnimbus_services.a build/release/src/libnimbus_store.a \
//       build/release/src/libnimbus_core.a -lre2 -lsqlite3 -lboost_json -lboost_url -lcrypto \
//       -lpthread -o /tmp/ssm_parameters_bench
//   /tmp/ssm_parameters_bench              # 10,000 and 1,000,000
//   /tmp/ssm_parameters_bench 10000        # one size
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "services/runtime.h"
#include "services/ssm/parameter_provider.h"
#include "store/database.h"
#include "store/scheduler.h"

namespace {

using namespace nimbus;
namespace json = boost::json;

// The benchmark stores no SecureString values, so SSM never calls another service.
class NoServices final : public core::ServiceClient {
 protected:
  json::value Run(const core::Caller&, std::string_view, std::string_view service,
                  std::string_view operation, const json::object&) const override {
    throw core::AwsError("InternalFailure", "the benchmark has no " + std::string(service) + "." +
                                                std::string(operation));
  }
};

// 100 services x 10 environments x (n / 1000) parameters: /bench/svc042/env3/param000017.
std::string NameOf(int64_t i, int64_t per_env) {
  char name[64];
  std::snprintf(name, sizeof(name), "/bench/svc%03lld/env%lld/param%06lld",
                static_cast<long long>(i / (per_env * 10)),
                static_cast<long long>(i / per_env % 10), static_cast<long long>(i % per_env));
  return name;
}

struct Stats {
  double median_ms, p99_ms, max_ms;
};

Stats Time(int runs, const std::function<void()>& call) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    call();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                           start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back()};
}

void Run(int64_t count) {
  store::Database db;
  core::FakeClock clock;
  core::IdGenerator ids(7);
  store::Scheduler scheduler(db, clock);
  Runtime rt{db, clock, ids, scheduler, {}};
  NoServices services;
  ssm::ParameterProvider provider(rt, services);
  core::RequestContext ctx;
  ctx.scope = {"111122223333", "us-east-1"};
  ctx.caller.arn = "arn:aws:iam::111122223333:root";
  ctx.now_millis = clock.NowMillis();

  const int64_t per_env = std::max<int64_t>(1, count / 1000);
  const auto load_start = std::chrono::steady_clock::now();
  {
    store::Transaction tx = provider.parameters().Begin();
    for (int64_t i = 0; i < count; ++i) {
      provider.parameters().Insert(
          tx, ctx.scope,
          {.name = NameOf(i, per_env),
           .version = 1,
           .type = i % 7 == 0 ? "StringList" : "String",
           .value = "value-" + std::to_string(i),
           .key_id = "",
           .description = "",
           .allowed_pattern = "",
           .tier = "Standard",
           .policies = "",
           .data_type = "text",
           .modified_millis = ctx.now_millis,
           .modified_user = ctx.caller.arn});
    }
    tx.Commit();
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  std::printf("\n%lld parameters loaded in %.1f s (%lld per level-3 path)\n",
              static_cast<long long>(count), load_s, static_cast<long long>(per_env));

  // A token from the middle of a walk, to time pages deep in the key space.
  auto token_after = [&](const std::string& body, int pages) {
    json::object in = json::parse(body).as_object();
    for (int i = 0; i < pages; ++i) {
      json::value out = provider.GetParametersByPath(ctx, in);
      if (!out.as_object().contains("NextToken")) break;
      in["NextToken"] = out.at("NextToken");
    }
    return in;
  };
  const std::string mid_svc = "/bench/svc050";
  struct Case {
    std::string label;
    json::object input;
    bool describe = false;
  };
  std::vector<Case> cases = {
      {"ByPath one level, first page (10)",
       json::parse(R"({"Path":")" + mid_svc + R"(/env5","MaxResults":10})").as_object()},
      {"ByPath one level, deep page (10)",
       token_after(R"({"Path":")" + mid_svc + R"(/env5","MaxResults":10})", 40)},
      {"ByPath recursive, first page (10)",
       json::parse(R"({"Path":")" + mid_svc + R"(","Recursive":true,"MaxResults":10})")
           .as_object()},
      {"ByPath recursive /, deep page (10)",
       token_after(R"({"Path":"/","Recursive":true,"MaxResults":10})", 200)},
      {"ByPath recursive + Type filter (10)",
       json::parse(R"({"Path":")" + mid_svc +
                   R"(","Recursive":true,"MaxResults":10,"ParameterFilters":[{"Key":"Type","Values":["StringList"]}]})")
           .as_object()},
      {"ByPath root one level, empty (10)",
       json::parse(R"({"Path":"/","MaxResults":10})").as_object()},
      {"Describe, first page (50)", json::parse(R"({"MaxResults":50})").as_object(), true},
      {"Describe Name BeginsWith (50)",
       json::parse(R"({"MaxResults":50,"ParameterFilters":[{"Key":"Name","Option":"BeginsWith","Values":[")" +
                   mid_svc + R"(/env9"]}]})")
           .as_object(),
       true},
      {"Describe Path recursive (50)",
       json::parse(R"({"MaxResults":50,"ParameterFilters":[{"Key":"Path","Option":"Recursive","Values":[")" +
                   mid_svc + R"("]}]})")
           .as_object(),
       true},
  };
  std::printf("%-40s %10s %10s %10s %6s\n", "page", "median ms", "p99 ms", "max ms", "items");
  for (const Case& c : cases) {
    size_t items = 0;
    const Stats s = Time(2000, [&] {
      const json::value out = c.describe ? provider.DescribeParameters(ctx, c.input)
                                         : provider.GetParametersByPath(ctx, c.input);
      items = out.at("Parameters").as_array().size();
    });
    std::printf("%-40s %10.3f %10.3f %10.3f %6zu\n", c.label.c_str(), s.median_ms, s.p99_ms,
                s.max_ms, items);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int64_t> sizes = {10'000, 1'000'000};
  if (argc > 1) sizes = {std::atoll(argv[1])};
  for (const int64_t size : sizes) Run(size);
  return 0;
}
