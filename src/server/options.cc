#include "server/options.h"

#include <cctype>
#include <charconv>
#include <functional>

namespace nimbus::server {

namespace {

bool ParseInt(const std::string& text, int64_t min, int64_t max, int64_t* out) {
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < min || v > max) {
    return false;
  }
  *out = v;
  return true;
}

struct Flag {
  const char* name;  // "--port"
  const char* env;   // "NIMBUS_PORT"
  const char* help;
  std::function<bool(Options&, const std::string&)> set;
};

const std::vector<Flag>& Flags() {
  static const std::vector<Flag> kFlags = {
      {"--host", "NIMBUS_HOST", "address to listen on (default 127.0.0.1)",
       [](Options& o, const std::string& v) { o.host = v; return !v.empty(); }},
      {"--port", "NIMBUS_PORT", "port to listen on; 0 picks a free one (default 4566)",
       [](Options& o, const std::string& v) {
         int64_t p;
         if (!ParseInt(v, 0, 65535, &p)) return false;
         o.port = static_cast<uint16_t>(p);
         return true;
       }},
      {"--data-dir", "NIMBUS_DATA_DIR", "keep state in DIR/nimbus.db (default: in memory)",
       [](Options& o, const std::string& v) { o.data_dir = v; return true; }},
      {"--region", "NIMBUS_REGION", "region of unsigned requests (default us-east-1)",
       [](Options& o, const std::string& v) { o.region = v; return !v.empty(); }},
      {"--account", "NIMBUS_ACCOUNT", "account of unknown access keys (default 000000000000)",
       [](Options& o, const std::string& v) {
         if (v.size() != 12) return false;
         for (const char c : v) {
           if (!std::isdigit(static_cast<unsigned char>(c))) return false;
         }
         o.account = v;
         return true;
       }},
      {"--sigv4", "NIMBUS_SIGV4", "off (accept any signature) or verify (default off)",
       [](Options& o, const std::string& v) { o.sigv4 = v; return v == "off" || v == "verify"; }},
      {"--self-check", "NIMBUS_SELF_CHECK",
       "on: answer 500 when a handler's output or error code does not fit the model (for "
       "nimbus's own tests; default off)",
       [](Options& o, const std::string& v) { o.self_check = v == "on"; return v == "on" || v == "off"; }},
      {"--credentials", "NIMBUS_CREDENTIALS", "AWS credentials file of known keys (for verify)",
       [](Options& o, const std::string& v) { o.credentials_file = v; return true; }},
      {"--log-level", "NIMBUS_LOG_LEVEL", "error, warn, info (one line per request) or debug",
       [](Options& o, const std::string& v) {
         o.log_level = v;
         return v == "error" || v == "warn" || v == "info" || v == "debug";
       }},
      {"--threads", "NIMBUS_THREADS", "I/O threads (default: one per core)",
       [](Options& o, const std::string& v) {
         int64_t t;
         if (!ParseInt(v, 0, 256, &t)) return false;
         o.threads = static_cast<int>(t);
         return true;
       }},
      {"--max-body-bytes", "NIMBUS_MAX_BODY_BYTES", "largest request body accepted (default 64 MiB)",
       [](Options& o, const std::string& v) { return ParseInt(v, 1, int64_t{1} << 40, &o.max_body_bytes); }},
      {"--async-delay-ms", "NIMBUS_ASYNC_DELAY_MS",
       "wait before each asynchronous status transition (default 0)",
       [](Options& o, const std::string& v) { return ParseInt(v, 0, 3'600'000, &o.async_delay_ms); }},
      {"--ping-timeout-ms", "NIMBUS_PING_TIMEOUT_MS",
       "SSM node silence before PingStatus ConnectionLost (default 600000)",
       [](Options& o, const std::string& v) {
         return ParseInt(v, 1, int64_t{1} << 40, &o.ping_timeout_ms);
       }},
      {"--fleet", "NIMBUS_FLEET",
       "JSON file of SSM managed nodes to register at start (the body of POST "
       "/_nimbus/ssm/managed-instances)",
       [](Options& o, const std::string& v) { o.fleet_file = v; return !v.empty(); }},
      {"--cfn-simulated", "NIMBUS_CFN_SIMULATED",
       "allow (default): CloudFormation simulates resource types nimbus does not emulate; "
       "fail: such a template fails validation",
       [](Options& o, const std::string& v) {
         o.cfn_simulated = v;
         return v == "allow" || v == "fail";
       }},
  };
  return kFlags;
}

}  // namespace

std::string Usage() {
  std::string out = "usage: nimbus [options]\n\nA local emulator of AWS services.\n\n";
  for (const Flag& f : Flags()) {
    std::string left = std::string("  ") + f.name + " VALUE";
    left.resize(26, ' ');
    out += left + f.help + " [" + f.env + "]\n";
  }
  out += "  --help                  this text\n";
  return out;
}

bool ParseOptions(int argc, const char* const* argv, const std::map<std::string, std::string>& env,
                  Options* options, std::string* error, bool* help) {
  *help = false;
  for (const Flag& f : Flags()) {
    auto it = env.find(f.env);
    if (it != env.end() && !f.set(*options, it->second)) {
      *error = "invalid " + std::string(f.env) + "=" + it->second;
      return false;
    }
  }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      *help = true;
      *error = Usage();
      return false;
    }
    std::string value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    const Flag* flag = nullptr;
    for (const Flag& f : Flags()) {
      if (arg == f.name) flag = &f;
    }
    if (!flag) {
      *error = "unknown option " + arg + " (see --help)";
      return false;
    }
    if (eq == std::string::npos) {
      if (i + 1 >= argc) {
        *error = "option " + arg + " needs a value";
        return false;
      }
      value = argv[++i];
    }
    if (!flag->set(*options, value)) {
      *error = "invalid value for " + arg + ": " + value;
      return false;
    }
  }
  return true;
}

}  // namespace nimbus::server
