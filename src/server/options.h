#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nimbus::server {

// Everything `nimbus` can be told, from flags or the NIMBUS_* environment (flags win).
struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;
  std::string data_dir;  // "": in-memory state
  std::string region = "us-east-1";
  std::string account = "000000000000";
  std::string sigv4 = "off";  // "off" or "verify"
  bool self_check = false;  // --self-check on: check handlers' answers against the model
  std::string credentials_file;
  std::string log_level = "info";  // "error", "warn", "info", "debug"
  int threads = 0;                 // 0: one per core
  int64_t max_body_bytes = 64 * 1024 * 1024;
  int64_t async_delay_ms = 0;
  int64_t ping_timeout_ms = 600000;
  std::string fleet_file;  // SSM managed nodes to load at start (fleet endpoint JSON)
  std::string cfn_simulated = "allow";  // "allow" or "fail": CloudFormation's simulated types
};

// Parses argv and the environment. Returns false and sets *error on bad input; sets *help for
// --help (and *error to the usage text).
bool ParseOptions(int argc, const char* const* argv, const std::map<std::string, std::string>& env,
                  Options* options, std::string* error, bool* help);

std::string Usage();

}  // namespace nimbus::server
