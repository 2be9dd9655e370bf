// engine/creation_policy.h: ResourceSignal's Count and Timeout, AutoScalingCreationPolicy, and
// the ISO 8601 durations Timeout takes.
#include "cloudformation/engine/creation_policy.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

TEST(CreationPolicyTest, DurationSecondsAddsHoursMinutesAndSeconds) {
  EXPECT_EQ(DurationSeconds("PT1H2M3S"), 3723);
}

TEST(CreationPolicyTest, DurationSecondsTakesAnyOnePart) {
  EXPECT_EQ(DurationSeconds("PT15M"), 900);
  EXPECT_EQ(DurationSeconds("PT2H"), 7200);
  EXPECT_EQ(DurationSeconds("PT1S"), 1);
}

TEST(CreationPolicyTest, DurationSecondsRefusesWhatIsNoPtDuration) {
  for (const char* text : {"", "PT", "P1D", "PT1X", "1H", "PT5M1H", "PT1H1H", "PTM", "pt5m"}) {
    EXPECT_EQ(DurationSeconds(text), std::nullopt) << text;
  }
}

TEST(CreationPolicyTest, AnEmptyResourceSignalWaitsForOneSignalForFiveMinutes) {
  const std::optional<SignalPolicy> policy =
      SignalPolicyOf("A", json::parse(R"({"ResourceSignal": {}})"));
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->count, 1);
  EXPECT_EQ(policy->timeout_seconds, 300);
}

TEST(CreationPolicyTest, CountAndTimeoutMayBeStrings) {
  const std::optional<SignalPolicy> policy =
      SignalPolicyOf("A", json::parse(R"({"ResourceSignal": {"Count": "3", "Timeout": "PT15M"}})"));
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->count, 3);
  EXPECT_EQ(policy->timeout_seconds, 900);
}

TEST(CreationPolicyTest, APolicyWithoutResourceSignalWaitsForNothing) {
  EXPECT_EQ(SignalPolicyOf("A", json::parse(R"({"StartFleet": true})")), std::nullopt);
}

TEST(CreationPolicyTest, MinSuccessfulInstancesPercentIsKept) {
  const std::optional<SignalPolicy> policy = SignalPolicyOf(
      "A", json::parse(R"({"AutoScalingCreationPolicy": {"MinSuccessfulInstancesPercent": 50},
                           "ResourceSignal": {"Count": 2}})"));
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->min_successful_instances_percent, 50);
}

TEST(CreationPolicyTest, AMinSuccessfulInstancesPercentAboveHundredIsRefused) {
  EXPECT_EQ(std::string(test::ErrorOf([] {
                          SignalPolicyOf("A", json::parse(R"({"AutoScalingCreationPolicy":
                                                  {"MinSuccessfulInstancesPercent": 101}})"));
                        }).what()),
            "Template format error: [/Resources/A/CreationPolicy/AutoScalingCreationPolicy/"
            "MinSuccessfulInstancesPercent] MinSuccessfulInstancesPercent must be an integer "
            "from 0 to 100");
}

TEST(CreationPolicyTest, ANegativeCountIsRefused) {
  EXPECT_EQ(std::string(test::ErrorOf([] {
                          SignalPolicyOf("A", json::parse(R"({"ResourceSignal": {"Count": -1}})"));
                        }).what()),
            "Template format error: [/Resources/A/CreationPolicy/ResourceSignal/Count] Count "
            "must be a non-negative integer");
}

TEST(CreationPolicyTest, ATimeoutOfTwelveHoursIsTheLongestAccepted) {
  EXPECT_EQ(SignalPolicyOf("A", json::parse(R"({"ResourceSignal": {"Timeout": "PT12H"}})"))
                ->timeout_seconds,
            43200);
  EXPECT_EQ(test::ErrorOf([] {
              SignalPolicyOf("A", json::parse(R"({"ResourceSignal": {"Timeout": "PT720M1S"}})"));
            }).code(),
            "ValidationError");
}

}  // namespace
}  // namespace nimbus::cloudformation
