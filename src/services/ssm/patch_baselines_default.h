#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"

namespace nimbus::ssm {

// One of the patch baselines AWS provides for an operating system (patch_baselines_default.cc
// says where the names, descriptions and ids come from).
struct AwsPatchBaseline {
  std::string_view operating_system;  // the model's OperatingSystem value
  std::string_view name;
  std::string_view description;
  std::string_view approval_rules;  // the ApprovalRules member, JSON
};

// Every AWS-provided baseline, one per operating system of the model, in the model's order.
const std::vector<AwsPatchBaseline>& AwsPatchBaselines();

// The baseline's id in `region`: the ARN arn:<partition>:ssm:<region>:<owner>:patchbaseline/pb-...
// that AWS answers for it (AWS-provided baselines are named by their ARN).
std::string AwsPatchBaselineArn(const AwsPatchBaseline& baseline, std::string_view region);

// The AWS-provided baseline `arn` names in `region`, or nullptr.
const AwsPatchBaseline* FindAwsPatchBaseline(std::string_view arn, std::string_view region);

}  // namespace nimbus::ssm
