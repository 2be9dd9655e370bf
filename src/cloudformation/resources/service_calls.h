#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/resources/resource.h"

// The calls every native handler makes to its service in the same shape: deleting a resource
// that may already be gone, and reading Fn::GetAtt attributes from a describe call.
namespace nimbus::cloudformation::internal {

// Calls `operation` of `service` to delete a resource. An error whose code is one of `gone`
// says the resource no longer exists (deleted outside the stack), which CloudFormation counts
// as deleted; any other error is the deletion's failure.
void DeleteUnlessGone(const ResourceRequest& req, std::string_view service,
                      std::string_view operation, const boost::json::object& in,
                      std::initializer_list<std::string_view> gone);

// What a describe call answers for one Fn::GetAtt attribute: `operation` of `service` answers
// {<member>: {<attribute>: value, ...}} (or {<attribute>: ...} when `member` is empty).
struct DescribeCall {
  std::string_view service;
  std::string_view operation;
  std::string_view member;
};

// Fn::GetAtt `name` when it is one of `attributes`, read from the service now (so a change made
// through the service's API shows); nullopt for any other name.
std::optional<boost::json::value> DescribedAttribute(
    const ResourceRequest& req, std::string_view name,
    std::initializer_list<std::string_view> attributes, const DescribeCall& call,
    const boost::json::object& in);

}  // namespace nimbus::cloudformation::internal
