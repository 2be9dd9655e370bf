#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/service.h"
#include "services/identitystore/identity_store.h"
#include "services/runtime.h"

namespace nimbus::identitystore {

// AWS Identity Store: users, groups and group memberships of an IAM Identity Center store. Any
// well-formed IdentityStoreId is accepted (SSO Admin creates the stores).
class IdentityStoreProvider final : public core::Service {
 public:
  explicit IdentityStoreProvider(Runtime& rt);
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
  // A new user, group or membership id in `store_id`.
  std::string NewId(std::string_view store_id);

  Runtime& rt_;
  IdentityStoreStore store_;
};

}  // namespace nimbus::identitystore
