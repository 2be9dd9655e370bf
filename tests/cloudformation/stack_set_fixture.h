#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "cloudformation/stack_test_support.h"
#include "core/partition.h"
#include "core/request_context.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation::testing {

// Runs the scheduler `rounds` times, moving the clock `step_millis` after each, so that a stack
// set operation and the stacks it starts run to their end.
inline void SettleStackSets(test::Runtime& rt, int rounds, int64_t step_millis) {
  for (int i = 0; i < rounds; ++i) {
    rt.RunDueTasks();
    rt.clock.Advance(step_millis);
  }
}

// DescribeStackInstance's StackInstance, as `ctx` sees it.
inline boost::json::object DescribeInstance(test::Runtime& rt, const core::RequestContext& ctx,
                                            std::string_view set, std::string_view account,
                                            std::string_view region = "us-east-1") {
  return rt
      .Call(ctx, "cloudformation", "DescribeStackInstance",
            {{"StackSetName", set},
             {"StackInstanceAccount", account},
             {"StackInstanceRegion", region}})
      .at("StackInstance")
      .as_object();
}

// The fixture of the self-managed StackSets tests: the caller kAdmin has the administration role,
// and kTargetA and kTargetB have an execution role that trusts kAdmin, as the StackSets user guide
// asks before a set can deploy to them.
class StackSetTest : public StackTest {
 protected:
  static constexpr std::string_view kAdmin = "111122223333";  // the caller, test::Context()
  static constexpr std::string_view kTargetA = "444455556666";
  static constexpr std::string_view kTargetB = "777788889999";
  // One SSM parameter whose value is the parameter Value (v1 by default).
  static constexpr std::string_view kParameter = R"({
  "Parameters": {"Value": {"Type": "String", "Default": "v1"}},
  "Resources": {"P": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": "/stackset/p", "Type": "String",
                                     "Value": {"Ref": "Value"}}}}})";

  void SetUp() override {
    MakeRole(kAdmin, "AWSCloudFormationStackSetAdministrationRole",
             {{"Service", "cloudformation.amazonaws.com"}});
    MakeExecutionRole(kTargetA);
    MakeExecutionRole(kTargetB);
  }
  // An IAM role `name` in `account` that `principal` may assume.
  void MakeRole(std::string_view account, std::string_view name, boost::json::object principal) {
    const boost::json::object trust{
        {"Version", "2012-10-17"},
        {"Statement", boost::json::array{boost::json::object{{"Effect", "Allow"},
                                                             {"Principal", std::move(principal)},
                                                             {"Action", "sts:AssumeRole"}}}}};
    rt_->Call(test::Context(account), "iam", "CreateRole",
              {{"RoleName", name}, {"AssumeRolePolicyDocument", boost::json::serialize(trust)}});
  }
  // The default execution role in `account`, trusting kAdmin.
  void MakeExecutionRole(std::string_view account) {
    const core::Scope admin{.account = std::string(kAdmin), .region = "us-east-1"};
    MakeRole(account, "AWSCloudFormationStackSetExecutionRole",
             {{"AWS", core::GlobalArn(admin, "iam", "root")}});
  }
  // CreateStackSet; returns the StackSetId.
  std::string CreateSet(std::string_view name, std::string_view body = kParameter) {
    return std::string(Call("CreateStackSet", {{"StackSetName", name}, {"TemplateBody", body}})
                           .at("StackSetId")
                           .as_string());
  }
  // CreateStackInstances in `accounts` and the Regions of `more` (us-east-1 if none); returns
  // the OperationId.
  std::string AddInstances(std::string_view set, boost::json::array accounts,
                           boost::json::object more = {}) {
    more["StackSetName"] = set;
    more["Accounts"] = std::move(accounts);
    if (!more.contains("Regions")) more["Regions"] = boost::json::array{"us-east-1"};
    return std::string(Call("CreateStackInstances", more).at("OperationId").as_string());
  }
  // Runs the scheduler until nothing is due, moving the clock past the runner's polls.
  void Settle() { SettleStackSets(*rt_, 20, 10); }
  boost::json::object Instance(std::string_view set, std::string_view account,
                               std::string_view region = "us-east-1") {
    return DescribeInstance(*rt_, ctx_, set, account, region);
  }
  static std::string Detailed(const boost::json::object& instance) {
    return std::string(instance.at("StackInstanceStatus").at("DetailedStatus").as_string());
  }
  boost::json::object Operation(std::string_view set, std::string_view id) {
    return Call("DescribeStackSetOperation", {{"StackSetName", set}, {"OperationId", id}})
        .at("StackSetOperation")
        .as_object();
  }
};

}  // namespace nimbus::cloudformation::testing
