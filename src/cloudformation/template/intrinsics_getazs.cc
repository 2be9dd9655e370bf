// Fn::GetAZs: each region's availability zones.
//
// The zones are those cfn-lint 1.51.0 lists (src/cfnlint/helpers.py, AVAILABILITY_ZONES; MIT-0),
// which it keeps in step with what EC2 DescribeAvailabilityZones answers. AWS returns only the
// zones with a default subnet when some have one; a new account has one in every zone, which is
// what nimbus assumes. Each row is the region and the letters of its zones.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloudformation/template/intrinsics.h"

namespace nimbus::cloudformation {
namespace {

constexpr std::pair<std::string_view, std::string_view> kZoneLetters[] = {
    {"af-south-1", "abc"},      {"ap-east-1", "abc"},       {"ap-east-2", "abc"},
    {"ap-northeast-1", "abcd"}, {"ap-northeast-2", "abcd"}, {"ap-northeast-3", "abc"},
    {"ap-south-1", "abc"},      {"ap-south-2", "abc"},      {"ap-southeast-1", "abc"},
    {"ap-southeast-2", "abc"},  {"ap-southeast-3", "abc"},  {"ap-southeast-4", "abc"},
    {"ap-southeast-5", "abc"},  {"ap-southeast-6", "abc"},  {"ap-southeast-7", "abc"},
    {"ca-central-1", "abcd"},   {"ca-west-1", "abc"},       {"cn-north-1", "abc"},
    {"cn-northwest-1", "abc"},  {"eu-central-1", "abc"},    {"eu-central-2", "abc"},
    {"eu-isoe-west-1", "abc"},  {"eu-north-1", "abc"},      {"eu-south-1", "abc"},
    {"eu-south-2", "abc"},      {"eu-west-1", "abc"},       {"eu-west-2", "abc"},
    {"eu-west-3", "abc"},       {"eusc-de-east-1", "abc"},  {"il-central-1", "abc"},
    {"me-central-1", "abc"},    {"me-south-1", "abc"},      {"mx-central-1", "abc"},
    {"sa-east-1", "abc"},       {"us-east-1", "abcdef"},    {"us-east-2", "abc"},
    {"us-gov-east-1", "abc"},   {"us-gov-west-1", "abc"},   {"us-iso-east-1", "abc"},
    {"us-iso-west-1", "abc"},   {"us-isob-east-1", "abc"},  {"us-isob-west-1", "abc"},
    {"us-isof-east-1", "abc"},  {"us-isof-south-1", "abc"}, {"us-west-1", "ac"},
    {"us-west-2", "abcd"},
};

}  // namespace

std::vector<std::string> AvailabilityZones(std::string_view region) {
  std::vector<std::string> zones;
  for (const auto& [name, letters] : kZoneLetters) {
    if (name == region) {
      for (char letter : letters) {
        zones.push_back(std::string(region) + letter);
      }
    }
  }
  return zones;
}

}  // namespace nimbus::cloudformation
