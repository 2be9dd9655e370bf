#pragma once

#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/request_context.h"
#include "core/service_client.h"

// What a service-managed stack set asks of nimbus's Organizations, always through
// core::ServiceClient: who may operate it (CallAs), and whether trusted access for StackSets is
// enabled. The StackSets API (stack sets, instances, operations) and the
// Activate/Deactivate/DescribeOrganizationsAccess operations share these checks.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html
namespace nimbus::cloudformation {

// The service principal whose trusted access and delegated administrators StackSets uses.
inline constexpr std::string_view kStackSetsPrincipal =
    "member.org.stacksets.cloudformation.amazonaws.com";

// The request's CallAs: SELF (the default) or DELEGATED_ADMIN.
enum class CallAs { kSelf, kDelegatedAdmin };
CallAs ReadCallAs(const boost::json::object& in);

// The organization of a service-managed stack set's administrator, as Organizations reports it.
struct OrganizationAdmin {
  std::string organization_id;     // o-...
  std::string management_account;  // where service-managed stack sets live
  std::string root_id;             // r-...
  bool delegated = false;  // the caller is a delegated administrator (CallAs DELEGATED_ADMIN)
};

// The root user of `account`, calling in `region` on CloudFormation's behalf: how StackSets reads
// Organizations as the management account, also when a delegated administrator asked.
core::Caller AccountCaller(std::string_view account, std::string_view region);

// Every item of an Organizations listing (`member` of each page: "Accounts"), called as `caller`
// in `region`, following NextToken to the last page.
boost::json::array ListOrganizations(const core::ServiceClient& services,
                                     const core::Caller& caller, std::string_view region,
                                     std::string_view operation, boost::json::object input,
                                     std::string_view member);

// Checks that ctx's caller may operate service-managed stack sets as `call_as` says:
// - SELF: the caller is the management account of its organization;
// - DELEGATED_ADMIN: the caller is registered in its organization as a delegated administrator
//   for kStackSetsPrincipal (Organizations ListDelegatedAdministrators, as the management
//   account).
// Otherwise, and when the caller is in no organization, ValidationError "You must be the
// management account or delegated admin account of an organization before operating a
// SERVICE_MANAGED stack set" (AWS's wording, quoted from CreateStackSet; that DELEGATED_ADMIN
// refusals use it too is unverified). Does not look at trusted access.
OrganizationAdmin RequireServiceManagedAdmin(const core::ServiceClient& services,
                                             const core::RequestContext& ctx, CallAs call_as);

// Whether trusted access for kStackSetsPrincipal is enabled in the organization that `admin`
// manages (Organizations ListAWSServiceAccessForOrganization, as its management account).
bool OrganizationsAccessEnabled(const core::ServiceClient& services,
                                const core::RequestContext& ctx, const OrganizationAdmin& admin);

// Throws ValidationError "You must enable organizations access to operate a service managed
// stack set" (AWS's wording) unless OrganizationsAccessEnabled.
void RequireOrganizationsAccess(const core::ServiceClient& services,
                                const core::RequestContext& ctx, const OrganizationAdmin& admin);

}  // namespace nimbus::cloudformation
