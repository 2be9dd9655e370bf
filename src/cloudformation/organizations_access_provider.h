#pragma once

#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/service.h"
#include "core/service_client.h"

namespace nimbus::cloudformation {

// Trusted access between StackSets and Organizations: ActivateOrganizationsAccess,
// DeactivateOrganizationsAccess and DescribeOrganizationsAccess. It keeps no state of its own:
// activation enables trusted access for member.org.stacksets.cloudformation.amazonaws.com in
// nimbus's Organizations (EnableAWSServiceAccess, as the caller), so enabling or disabling it
// there shows here too. A second provider of the "cloudformation" service (register.cc).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html
class OrganizationsAccessProvider final : public core::Service {
 public:
  explicit OrganizationsAccessProvider(const core::ServiceClient& services);
  std::string_view Name() const override { return "cloudformation"; }

  boost::json::value ActivateOrganizationsAccess(const core::RequestContext& ctx,
                                                 const boost::json::object& in);
  boost::json::value DeactivateOrganizationsAccess(const core::RequestContext& ctx,
                                                   const boost::json::object& in);
  boost::json::value DescribeOrganizationsAccess(const core::RequestContext& ctx,
                                                 const boost::json::object& in);

 private:
  const core::ServiceClient& services_;  // Organizations
};

}  // namespace nimbus::cloudformation
