#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/request_context.h"

// AWS public parameters, read-only and the same in every account: /aws/service/global-
// infrastructure/... (regions, services, from botocore's endpoint data) and the latest Amazon Linux
// and Windows AMI ids (/aws/service/ami-amazon-linux-latest/..., /aws/service/ami-windows-latest/
// ...). Nothing is stored: names and values are computed from compact tables when asked for.
// https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters.html
namespace nimbus::ssm {

// Whether `name` lies in the public namespace: "/aws" itself or below "/aws/".
bool IsPublicName(std::string_view name);

// The GetParameter answer for `text` ("/aws/service/...", with ":1" or not, or its ARN, whose
// account field is empty), or nullopt when `text` is not in the public namespace. Throws
// ParameterNotFound (no such public parameter) or ParameterVersionNotFound (a selector other
// than version 1).
std::optional<boost::json::object> GetPublicParameter(const core::RequestContext& ctx,
                                                      std::string_view text);

// GetParametersByPath below a public `path`: the parameters (children, or every descendant when
// `recursive`) after the one named `after` ("" = from the first), at most `limit`, in walk
// order: a level before what lies below it, siblings by name.
std::vector<boost::json::object> ListPublicParameters(const core::RequestContext& ctx,
                                                      std::string_view path, bool recursive,
                                                      std::string_view after, size_t limit);

// A stable image id for an AMI parameter: "ami-" and 17 hex digits derived from `name` and
// `region`, so the same name gives another id in each region and the same one every time.
std::string PublicImageId(std::string_view name, std::string_view region);

}  // namespace nimbus::ssm
