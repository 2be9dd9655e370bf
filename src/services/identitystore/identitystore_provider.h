#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/service.h"
#include "core/service_client.h"
#include "services/identitystore/identity_store.h"
#include "services/runtime.h"

namespace nimbus::identitystore {

// AWS Identity Store: users, groups and group memberships of an IAM Identity Center store. A
// store exists while an ACTIVE SSO Admin instance of the caller's account and region has it.
class IdentityStoreProvider final : public core::Service {
 public:
  IdentityStoreProvider(Runtime& rt, core::ServiceClient& services);
  std::string_view Name() const override { return "identitystore"; }

  // Users (user_provider.cc).
  boost::json::value CreateUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribeUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListUsers(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetUserId(const core::RequestContext& ctx, const boost::json::object& in);

  // Groups and memberships (group_provider.cc).
  boost::json::value CreateGroup(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribeGroup(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListGroups(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateGroup(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteGroup(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetGroupId(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value CreateGroupMembership(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value DescribeGroupMembership(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value DeleteGroupMembership(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value ListGroupMemberships(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value ListGroupMembershipsForMember(const core::RequestContext& ctx,
                                                   const boost::json::object& in);
  boost::json::value IsMemberInGroups(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value GetGroupMembershipId(const core::RequestContext& ctx,
                                          const boost::json::object& in);

 private:
  // The IdentityStoreId of `in`, once SSO Admin (ListInstances, as the caller) shows an ACTIVE
  // instance with that store; ResourceNotFoundException naming the IDENTITY_STORE otherwise.
  // Every handler calls it first, before opening a transaction.
  std::string RequireStore(const core::RequestContext& ctx, const boost::json::object& in) const;

  // A new user, group or membership id in `store_id`.
  std::string NewId(std::string_view store_id);

  Runtime& rt_;
  IdentityStoreStore store_;
  core::ServiceClient& services_;  // SSO Admin, whose instances own the stores
};

}  // namespace nimbus::identitystore
