#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

// What the files of the parameter provider share (parameter_provider.cc, parameter_versions.cc);
// not for use elsewhere.
namespace nimbus::ssm::internal {

// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
inline constexpr size_t kMaxLabelsPerVersion = 10;

// The position of the request's NextToken for listing `kind` (the operation); "" without one.
// Throws InvalidNextToken for a token nimbus did not issue.
std::string ReadToken(const boost::json::object& in, std::string_view kind);
// A parameter's stored Policies (a JSON array) as the API's ParameterInlinePolicy list.
boost::json::array PolicyList(std::string_view text);
boost::json::array NameArray(const std::vector<std::string>& names);

}  // namespace nimbus::ssm::internal
