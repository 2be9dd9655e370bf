#pragma once

// What the Identity Store tests share: a store exists only while an ACTIVE SSO Admin instance
// of the caller's account and region has it, so every test makes one first.
#include <string>

#include <boost/json.hpp>

#include "core/request_context.h"
#include "testing/runtime.h"

namespace nimbus::identitystore::testing {

// A new instance of IAM Identity Center of the caller of `ctx`, ACTIVE (or CREATE_FAILED, as
// `in`'s tags say): its DescribeInstance output (InstanceArn, IdentityStoreId, ...).
inline boost::json::object NewInstance(test::Runtime& rt, const core::RequestContext& ctx,
                                       const boost::json::object& in = {}) {
  const boost::json::value created = rt.Call(ctx, "sso-admin", "CreateInstance", in);
  rt.clock.Advance(rt.rt.options.async_delay_millis);
  rt.RunDueTasks();
  return rt.Call(ctx, "sso-admin", "DescribeInstance", {{"InstanceArn", created.at("InstanceArn")}})
      .as_object();
}

// The identity store of a new ACTIVE instance of the caller of `ctx`.
inline std::string NewStore(test::Runtime& rt, const core::RequestContext& ctx) {
  return std::string(NewInstance(rt, ctx).at("IdentityStoreId").as_string());
}

}  // namespace nimbus::identitystore::testing
