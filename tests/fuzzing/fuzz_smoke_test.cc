// A short, bounded, deterministic run of every fuzz target in the regular test build (g++, and
// ASan/UBSan in the debug preset): the seed corpus (wire fixtures, tests/fuzz/seeds/<target>/ and
// the crash inputs kept in tests/fuzz/regressions/<target>/), then a fixed number of mutations
// from a fixed seed. The real fuzzing is libFuzzer (tests/fuzz/, the `fuzz` preset); this catches
// regressions on every test run.
//
// NIMBUS_FUZZ_SMOKE_ITERATIONS overrides the number of mutations per target.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "testing/fuzz_targets.h"
#include "testing/http_fixture.h"

namespace nimbus::test {
namespace {

using TargetFunction = int (*)(const uint8_t*, size_t);

constexpr size_t kDefaultIterations = 5000;  // per target; four targets, 20,000 in all
constexpr size_t kMaxInputBytes = 8192;

// Tokens the mutator splices in: the syntax each decoder branches on.
const std::vector<std::string>& Dictionary() {
  static const std::vector<std::string> kTokens = {
      "&", "=", "%", "%2", "%zz", "+", ".member.", ".member.0", ".1", ".entry.1.key", ".",
      "Action=", "Version=", "<", ">", "</", "/>", "<![CDATA[", "&amp;", "&#x", "<?xml", "{", "}",
      "[", "]", "\"", ",", ":", "null", "true", "1e999", "-1", "18446744073709551616", "1.5",
      "\n", "\r\n", ": ", "Authorization: ", "AWS4-HMAC-SHA256 ", "Credential=", "SignedHeaders=",
      "Signature=", "/aws4_request", "X-Amz-", "?", "/", "{Bucket}", "0\r\n\r\n",
      ";chunk-signature=", "ffffffffffffffff\r\n", "Host: a.localhost\n", "x-amz-meta-",
      "2026-11-22T02:03:29Z", "\xff", std::string(1, '\0')};
  return kTokens;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> Seeds(FuzzTarget target, const std::string& seed_dir) {
  std::vector<std::string> seeds;
  for (const std::string& path : AllRequestFixtures()) {
    std::string seed = SeedFromFixture(target, LoadHttpFixture(path));
    if (!seed.empty()) seeds.push_back(std::move(seed));
  }
  // Hand-written seeds, then the inputs that once crashed a target (kept as regressions).
  std::vector<std::filesystem::path> extra;
  for (const char* kind : {"seeds", "regressions"}) {
    const std::filesystem::path dir = TestDataPath(std::string("../fuzz/") + kind + "/" + seed_dir);
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      extra.push_back(entry.path());
    }
  }
  std::sort(extra.begin(), extra.end());
  for (const auto& path : extra) seeds.push_back(ReadFile(path));
  return seeds;
}

// libFuzzer-style mutations, from a seeded engine so every run tries the same inputs.
class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  std::string Mutate(std::string input, const std::vector<std::string>& corpus) {
    const size_t rounds = 1 + Below(4);
    for (size_t i = 0; i < rounds; ++i) MutateOnce(input, corpus);
    if (input.size() > kMaxInputBytes) input.resize(kMaxInputBytes);
    return input;
  }

 private:
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }

  void MutateOnce(std::string& s, const std::vector<std::string>& corpus) {
    switch (Below(8)) {
      case 0:  // flip a bit
        if (!s.empty()) s[Below(s.size())] ^= static_cast<char>(1u << Below(8));
        break;
      case 1:  // set a random byte
        if (!s.empty()) s[Below(s.size())] = static_cast<char>(Below(256));
        break;
      case 2:  // insert a random byte
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(Below(s.size() + 1)),
                 static_cast<char>(Below(256)));
        break;
      case 3: {  // erase a range
        if (s.empty()) break;
        const size_t at = Below(s.size());
        s.erase(at, 1 + Below(std::min<size_t>(16, s.size() - at)));
        break;
      }
      case 4: {  // duplicate a range
        if (s.empty()) break;
        const size_t at = Below(s.size());
        const std::string part = s.substr(at, 1 + Below(32));
        s.insert(Below(s.size() + 1), part);
        break;
      }
      case 5:
      case 6: {  // insert or overwrite with a dictionary token
        const std::string& token = Dictionary()[Below(Dictionary().size())];
        const size_t at = Below(s.size() + 1);
        if (Below(2) == 0 || at + token.size() > s.size()) {
          s.insert(at, token);
        } else {
          s.replace(at, token.size(), token);
        }
        break;
      }
      default: {  // splice: our head with another seed's tail
        const std::string& other = corpus[Below(corpus.size())];
        const size_t cut = Below(s.size() + 1);
        const size_t from = Below(other.size() + 1);
        s = s.substr(0, cut) + other.substr(from);
        break;
      }
    }
  }

  std::mt19937_64 rng_;
};

size_t Iterations() {
  if (const char* env = std::getenv("NIMBUS_FUZZ_SMOKE_ITERATIONS")) {
    return static_cast<size_t>(std::strtoull(env, nullptr, 10));
  }
  return kDefaultIterations;
}

void RunTarget(TargetFunction target, const std::vector<std::string>& seeds, uint64_t seed) {
  ASSERT_FALSE(seeds.empty());
  for (const std::string& input : seeds) {
    target(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
  target(nullptr, 0);
  Mutator mutator(seed);
  const size_t iterations = Iterations();
  for (size_t i = 0; i < iterations; ++i) {
    const std::string input = mutator.Mutate(seeds[i % seeds.size()], seeds);
    SCOPED_TRACE("mutation " + std::to_string(i));
    target(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
}

TEST(FuzzSmoke, SeedCorporaComeFromTheWireFixtures) {
  EXPECT_GE(Seeds(FuzzTarget::kQuery, "query").size(), 15u);
  EXPECT_GE(Seeds(FuzzTarget::kJson, "json").size(), 10u);
  EXPECT_GE(Seeds(FuzzTarget::kRestXml, "xml").size(), 15u);
  EXPECT_GE(Seeds(FuzzTarget::kSigV4, "sigv4").size(), 60u);
}

TEST(FuzzSmoke, FuzzRequestRoundTripsThroughItsTextForm) {
  const core::HttpRequest request =
      ParseFuzzRequest("PUT /b/k?x-id=PutObject HTTP/1.1\r\nHost: b.localhost\r\nX-A:  v \r\n\r\nbody");
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.target, "/b/k?x-id=PutObject");
  ASSERT_EQ(request.headers.size(), 2u);
  EXPECT_EQ(request.headers[1].name, "X-A");
  EXPECT_EQ(request.headers[1].value, "v");
  EXPECT_EQ(request.body, "body");
  EXPECT_EQ(FormatFuzzRequest(request),
            "PUT /b/k?x-id=PutObject\nHost: b.localhost\nX-A: v\n\nbody");
}

TEST(FuzzSmoke, QueryDecoderSurvivesMutatedInput) {
  RunTarget(FuzzQueryDecoder, Seeds(FuzzTarget::kQuery, "query"), 1);
}

TEST(FuzzSmoke, JsonDecoderSurvivesMutatedInput) {
  RunTarget(FuzzJsonDecoder, Seeds(FuzzTarget::kJson, "json"), 2);
}

TEST(FuzzSmoke, RestXmlDecoderSurvivesMutatedInput) {
  RunTarget(FuzzRestXml, Seeds(FuzzTarget::kRestXml, "xml"), 3);
}

TEST(FuzzSmoke, SigV4ParserSurvivesMutatedInput) {
  RunTarget(FuzzSigV4, Seeds(FuzzTarget::kSigV4, "sigv4"), 4);
}

}  // namespace
}  // namespace nimbus::test
