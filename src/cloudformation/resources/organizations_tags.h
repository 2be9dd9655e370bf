#pragma once

#include <string_view>

#include <boost/json/array.hpp>

#include "cloudformation/resources/resource.h"

// Tags of the Organizations resources (OUs, accounts), which share one tagging API.
namespace nimbus::cloudformation::internal {

// Makes the tags of `resource_id` exactly `wanted` ([{Key, Value}]): keys no longer wanted are
// removed (UntagResource), the wanted ones written (TagResource).
void ReplaceOrganizationsTags(const ResourceRequest& req, std::string_view resource_id,
                              const boost::json::array& wanted);

}  // namespace nimbus::cloudformation::internal
