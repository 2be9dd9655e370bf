#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/ids.h"
#include "store/database.h"
#include "store/scheduler.h"

namespace nimbus {

// Options the services read (from flags / NIMBUS_* variables).
struct ServiceOptions {
  std::string default_account = "000000000000";
  std::string default_region = "us-east-1";
  // How long each asynchronous transition (stack deployment step, instance provisioning) waits
  // before it runs. 0 by default: lifecycles complete in milliseconds. Raise it to watch a
  // client poll through intermediate states.
  int64_t async_delay_millis = 0;
  // How long after its last heartbeat an SSM managed node turns from Online to ConnectionLost.
  // The agent reports every 5 minutes; lower it to watch a node go ConnectionLost.
  int64_t ping_timeout_millis = 600000;
  // Whether CloudFormation may simulate resource types nimbus does not emulate (from their
  // resource schemas); false (--cfn-simulated fail): such a template fails validation.
  bool cfn_simulated_allowed = true;
  // Where clients reach nimbus, for the URLs it hands out (a CloudFormation wait condition
  // handle's). The server sets it once it listens, so that it has the real port with --port 0.
  std::string endpoint = "http://localhost:4566";
  // Whether signatures are verified (--sigv4 verify). Only then does a key prove who calls, so
  // only then does STS AssumeRole evaluate the role's trust policy.
  bool verify_signatures = false;
  // --data-dir, or "" in memory mode: S3 keeps object bodies in a folder there.
  std::string data_dir = "";
};

// What every provider is built from: shared infrastructure, passed in, never global.
struct Runtime {
  store::Database& db;
  const core::Clock& clock;
  core::IdGenerator& ids;
  store::Scheduler& scheduler;
  ServiceOptions options;
};

}  // namespace nimbus
