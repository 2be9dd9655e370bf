#pragma once

#include <string>
#include <vector>

#include "core/http/message.h"

namespace nimbus::test {

// Reads a raw HTTP capture (tests/data/fixtures/requests/<client>/<svc>.<Op>.http) into an
// HttpRequest the way the server would see it: HTTP chunking removed, headers as sent.
core::HttpRequest LoadHttpFixture(const std::string& path);

// Every .http file under tests/data/fixtures/requests, sorted.
std::vector<std::string> AllRequestFixtures();

// NIMBUS_TEST_DATA_DIR + "/" + relative.
std::string TestDataPath(const std::string& relative);

}  // namespace nimbus::test
