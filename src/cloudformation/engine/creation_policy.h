#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/value.hpp>

namespace nimbus::cloudformation {

// What a resource's CreationPolicy makes its creation wait for
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-creationpolicy.html):
// after its handler has created it, the resource stays CREATE_IN_PROGRESS until `count` SUCCESS
// signals with distinct UniqueIds arrive (SignalResource), and fails at a FAILURE signal or once
// `timeout_seconds` have passed.
struct SignalPolicy {
  int64_t count = 1;              // ResourceSignal.Count, default 1
  int64_t timeout_seconds = 300;  // ResourceSignal.Timeout, default PT5M
  // AutoScalingCreationPolicy.MinSuccessfulInstancesPercent (0 to 100, default 100): checked and
  // kept; nimbus has no Auto Scaling group whose instances it would count.
  int64_t min_successful_instances_percent = 100;
};

// "The maximum time that you can specify is 12 hours."
inline constexpr int64_t kMaxSignalTimeoutSeconds = 12 * 3600;

// The signals the resource `logical_id` waits for, from its resolved CreationPolicy: nullopt
// when the policy has no ResourceSignal (an AppStream fleet's StartFleet asks for none). Throws
// core::AwsError ValidationError ("Template format error: ...") for a Count that is not a
// non-negative integer, a Timeout that is not an ISO 8601 duration PT#H#M#S or is longer than
// 12 hours, or a MinSuccessfulInstancesPercent outside 0 to 100.
std::optional<SignalPolicy> SignalPolicyOf(std::string_view logical_id,
                                           const boost::json::value& creation_policy);

// The seconds of an ISO 8601 duration "PT#H#M#S" (each part optional, at least one given), or
// nullopt when `text` is not one.
std::optional<int64_t> DurationSeconds(std::string_view text);

}  // namespace nimbus::cloudformation
