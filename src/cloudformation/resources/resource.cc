#include "cloudformation/resources/resource.h"

#include <algorithm>

#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

constexpr size_t kRandomLength = 13;

}  // namespace

std::string ResourceRequest::GeneratedName(size_t max_length) const {
  const std::string random = ids.UpperAlnum(kRandomLength);
  // Two hyphens and the random part are always there.
  const size_t budget = max_length > kRandomLength + 2 ? max_length - kRandomLength - 2 : 0;
  std::string_view stack = stack_name;
  std::string_view logical = logical_id;
  if (stack.size() + logical.size() > budget) {
    logical = logical.substr(0, std::max(budget / 2, budget - std::min(budget, stack.size())));
    stack = stack.substr(0, budget - logical.size());
  }
  std::string name;
  name.reserve(stack.size() + logical.size() + kRandomLength + 2);
  name.append(stack).append("-").append(logical).append("-").append(random);
  return name;
}

json::array ResourceRequest::Tags() const {
  json::array tags = stack_tags;
  tags.reserve(tags.size() + 3);
  tags.push_back(json::object{{"Key", "aws:cloudformation:stack-name"}, {"Value", stack_name}});
  tags.push_back(json::object{{"Key", "aws:cloudformation:stack-id"}, {"Value", stack_id}});
  tags.push_back(json::object{{"Key", "aws:cloudformation:logical-id"}, {"Value", logical_id}});
  return tags;
}

void ThrowPropertyValidation(const std::vector<std::string>& problems) {
  std::string message = "Property validation failure: [";
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) message += ", ";
    message += problems[i];
  }
  message += "]";
  throw core::AwsError("ValidationError", message, 400);
}

}  // namespace nimbus::cloudformation
