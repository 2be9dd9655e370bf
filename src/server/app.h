#pragma once

namespace nimbus::server {

// The whole program: options -> runtime -> serve until SIGINT/SIGTERM. Returns the exit code.
int Main(int argc, const char* const* argv);

}  // namespace nimbus::server
