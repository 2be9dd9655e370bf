// server::ParseOptions: flags, NIMBUS_* variables, precedence, and rejected values.
#include "server/options.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace nimbus::server {
namespace {

struct Parsed {
  bool ok = false;
  bool help = false;
  Options options;
  std::string error;
};

Parsed Parse(std::vector<const char*> args, const std::map<std::string, std::string>& env = {}) {
  args.insert(args.begin(), "nimbus");
  Parsed p;
  p.ok = ParseOptions(static_cast<int>(args.size()), args.data(), env, &p.options, &p.error,
                      &p.help);
  return p;
}

TEST(OptionsTest, Defaults) {
  const Parsed p = Parse({});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.options.host, "127.0.0.1");
  EXPECT_EQ(p.options.port, 4566);
  EXPECT_EQ(p.options.data_dir, "");
  EXPECT_EQ(p.options.region, "us-east-1");
  EXPECT_EQ(p.options.account, "000000000000");
  EXPECT_EQ(p.options.sigv4, "off");
  EXPECT_EQ(p.options.log_level, "info");
  EXPECT_EQ(p.options.max_body_bytes, 64 * 1024 * 1024);
  EXPECT_EQ(p.options.async_delay_ms, 0);
}

TEST(OptionsTest, FlagsWithSpaceOrEquals) {
  const Parsed p = Parse({"--port", "0", "--data-dir=/tmp/n", "--region", "eu-west-1",
                          "--account=123456789012", "--sigv4", "verify", "--credentials",
                          "/etc/creds", "--log-level=debug", "--threads", "4",
                          "--max-body-bytes", "1024", "--async-delay-ms=250", "--host",
                          "0.0.0.0"});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.options.port, 0);
  EXPECT_EQ(p.options.data_dir, "/tmp/n");
  EXPECT_EQ(p.options.region, "eu-west-1");
  EXPECT_EQ(p.options.account, "123456789012");
  EXPECT_EQ(p.options.sigv4, "verify");
  EXPECT_EQ(p.options.credentials_file, "/etc/creds");
  EXPECT_EQ(p.options.log_level, "debug");
  EXPECT_EQ(p.options.threads, 4);
  EXPECT_EQ(p.options.max_body_bytes, 1024);
  EXPECT_EQ(p.options.async_delay_ms, 250);
  EXPECT_EQ(p.options.host, "0.0.0.0");
}

TEST(OptionsTest, EnvironmentVariables) {
  const Parsed p = Parse({}, {{"NIMBUS_PORT", "4600"},
                              {"NIMBUS_ACCOUNT", "111122223333"},
                              {"NIMBUS_DATA_DIR", "/var/lib/nimbus"},
                              {"NIMBUS_SIGV4", "verify"},
                              {"NIMBUS_MAX_BODY_BYTES", "2048"},
                              {"UNRELATED", "x"}});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.options.port, 4600);
  EXPECT_EQ(p.options.account, "111122223333");
  EXPECT_EQ(p.options.data_dir, "/var/lib/nimbus");
  EXPECT_EQ(p.options.sigv4, "verify");
  EXPECT_EQ(p.options.max_body_bytes, 2048);
}

TEST(OptionsTest, FlagsOverrideEnvironment) {
  const Parsed p = Parse({"--port", "5000", "--region", "ap-south-1"},
                         {{"NIMBUS_PORT", "4600"}, {"NIMBUS_REGION", "eu-west-1"}});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.options.port, 5000);
  EXPECT_EQ(p.options.region, "ap-south-1");
}

struct BadCase {
  std::vector<const char*> args;
  std::map<std::string, std::string> env;
  std::string error;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const BadCase& c, std::ostream* out) { *out << c.error; }

class OptionsRejectTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(OptionsRejectTest, IsRejectedWithAMessage) {
  const Parsed p = Parse(GetParam().args, GetParam().env);
  EXPECT_FALSE(p.ok);
  EXPECT_FALSE(p.help);
  EXPECT_EQ(p.error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    BadValues, OptionsRejectTest,
    ::testing::Values(
        BadCase{{"--port", "65536"}, {}, "invalid value for --port: 65536"},
        BadCase{{"--port", "-1"}, {}, "invalid value for --port: -1"},
        BadCase{{"--port", "80x"}, {}, "invalid value for --port: 80x"},
        BadCase{{"--port="}, {}, "invalid value for --port: "},
        BadCase{{"--account", "12345"}, {}, "invalid value for --account: 12345"},
        BadCase{{"--account", "12345678901a"}, {}, "invalid value for --account: 12345678901a"},
        BadCase{{"--sigv4", "on"}, {}, "invalid value for --sigv4: on"},
        BadCase{{"--log-level", "loud"}, {}, "invalid value for --log-level: loud"},
        BadCase{{"--max-body-bytes", "0"}, {}, "invalid value for --max-body-bytes: 0"},
        BadCase{{"--threads", "1000"}, {}, "invalid value for --threads: 1000"},
        BadCase{{"--region", ""}, {}, "invalid value for --region: "},
        BadCase{{"--port"}, {}, "option --port needs a value"},
        BadCase{{"--bogus", "1"}, {}, "unknown option --bogus (see --help)"},
        BadCase{{"port", "1"}, {}, "unknown option port (see --help)"},
        BadCase{{}, {{"NIMBUS_PORT", "http"}}, "invalid NIMBUS_PORT=http"},
        BadCase{{}, {{"NIMBUS_SIGV4", "yes"}}, "invalid NIMBUS_SIGV4=yes"}));

TEST(OptionsTest, BadEnvironmentIsRejectedEvenIfAFlagWouldOverrideIt) {
  EXPECT_FALSE(Parse({"--port", "1"}, {{"NIMBUS_PORT", "nope"}}).ok);
}

TEST(OptionsTest, HelpReturnsUsage) {
  const Parsed p = Parse({"--help"});
  EXPECT_FALSE(p.ok);
  EXPECT_TRUE(p.help);
  EXPECT_EQ(p.error, Usage());
  for (const char* flag : {"--port", "--data-dir", "--sigv4", "--credentials", "--account",
                           "--max-body-bytes", "NIMBUS_PORT"}) {
    EXPECT_NE(p.error.find(flag), std::string::npos) << flag;
  }
}

TEST(OptionsTest, CfnSimulatedAllowsByDefault) {
  EXPECT_EQ(Parse({}).options.cfn_simulated, "allow");
}

TEST(OptionsTest, CfnSimulatedFailIsTakenFromAFlagOrTheEnvironment) {
  EXPECT_EQ(Parse({"--cfn-simulated", "fail"}).options.cfn_simulated, "fail");
  EXPECT_EQ(Parse({}, {{"NIMBUS_CFN_SIMULATED", "fail"}}).options.cfn_simulated, "fail");
}

TEST(OptionsTest, CfnSimulatedRefusesAnyOtherValue) {
  EXPECT_EQ(Parse({"--cfn-simulated", "warn"}).error, "invalid value for --cfn-simulated: warn");
}

}  // namespace
}  // namespace nimbus::server
