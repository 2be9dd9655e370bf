#include "cloudformation/resources/service_calls.h"

#include <algorithm>

#include "core/aws_error.h"

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

void DeleteUnlessGone(const ResourceRequest& req, std::string_view service,
                      std::string_view operation, const json::object& in,
                      std::initializer_list<std::string_view> gone) {
  try {
    req.services.Call(req.ctx, service, operation, in);
  } catch (const core::AwsError& error) {
    if (std::find(gone.begin(), gone.end(), error.code()) == gone.end()) throw;
  }
}

std::optional<json::value> DescribedAttribute(const ResourceRequest& req, std::string_view name,
                                              std::initializer_list<std::string_view> attributes,
                                              const DescribeCall& call, const json::object& in) {
  if (std::find(attributes.begin(), attributes.end(), name) == attributes.end()) {
    return std::nullopt;
  }
  const json::value described = req.services.Call(req.ctx, call.service, call.operation, in);
  return call.member.empty() ? described.at(name) : described.at(call.member).at(name);
}

}  // namespace nimbus::cloudformation::internal
