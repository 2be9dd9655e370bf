#include "testing/http_fixture.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/text.h"

namespace nimbus::test {

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Dechunk(std::string_view raw) {
  std::string out;
  while (true) {
    const size_t eol = raw.find("\r\n");
    if (eol == std::string_view::npos) {
      return out;
    }
    const std::string_view size_line = raw.substr(0, eol);
    const size_t n = std::stoul(std::string(size_line.substr(0, size_line.find(';'))), nullptr, 16);
    raw.remove_prefix(eol + 2);
    if (n == 0) {
      return out;
    }
    out.append(raw.substr(0, n));
    raw.remove_prefix(std::min(raw.size(), n + 2));
  }
}

}  // namespace

std::string TestDataPath(const std::string& relative) {
  return std::string(NIMBUS_TEST_DATA_DIR) + "/" + relative;
}

core::HttpRequest LoadHttpFixture(const std::string& path) {
  const std::string raw = ReadFile(path);
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    throw std::runtime_error("no header end in " + path);
  }
  core::HttpRequest request;
  const std::vector<std::string_view> lines =
      core::Split(std::string_view(raw).substr(0, head_end), '\n');
  bool first = true;
  for (std::string_view line : lines) {
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (first) {
      const std::vector<std::string_view> parts = core::Split(line, ' ');
      request.method = std::string(parts.at(0));
      request.target = std::string(parts.at(1));
      first = false;
      continue;
    }
    const size_t colon = line.find(':');
    request.headers.push_back({std::string(line.substr(0, colon)),
                               std::string(core::Trim(line.substr(colon + 1)))});
  }
  std::string body = raw.substr(head_end + 4);
  if (request.Header("Transfer-Encoding").find("chunked") != std::string_view::npos) {
    body = Dechunk(body);
  }
  request.body = std::move(body);
  return request;
}

std::vector<std::string> AllRequestFixtures() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(TestDataPath("fixtures/requests"))) {
    if (entry.path().extension() == ".http") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace nimbus::test
