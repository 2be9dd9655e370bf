#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloudformation/organizations_access.h"
#include "core/request_context.h"
#include "core/service_client.h"

// ImportStacksToStackSet into a SERVICE_MANAGED set: each stack maps to the OU of the request's
// OrganizationalUnitIds nearest to its account, which becomes its instance's
// OrganizationalUnitId.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/service-managed-import.html
namespace nimbus::cloudformation {

// The parents of `account` in the organization `admin` manages, nearest first up to the root
// (Organizations ListParents, as the management account, in ctx's region); empty when the account
// is not in the organization.
std::vector<std::string> ParentPath(const core::ServiceClient& services,
                                    const core::RequestContext& ctx, const OrganizationAdmin& admin,
                                    std::string_view account);

// The OU (or root) of `ou_ids` the stack `stack_id` of `account` is imported through: the nearest
// of the account's parents that `ou_ids` lists. The user guide: a stack that "doesn't belong to an
// existing OU ID in the input list" is StackNotFoundException (an account outside the
// organization too); a stack of the management account is a ValidationError ("Stacks being
// imported should be present in any of the member accounts, and not the management account").
// Both wordings are nimbus's.
std::string ImportOrganizationalUnit(const core::ServiceClient& services,
                                     const core::RequestContext& ctx,
                                     const OrganizationAdmin& admin,
                                     const std::vector<std::string>& ou_ids,
                                     std::string_view account, std::string_view stack_id);

}  // namespace nimbus::cloudformation
