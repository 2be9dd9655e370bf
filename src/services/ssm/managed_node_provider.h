#pragma once

#include <cstdint>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/http/message.h"
#include "core/service.h"
#include "services/runtime.h"
#include "services/ssm/managed_node_store.h"
#include "services/ssm/tag_store.h"

namespace nimbus::ssm {

// SSM managed nodes: hybrid activations, the SSM Agent's own registration and heartbeat calls,
// and DescribeInstanceInformation over the registered fleet. PingStatus is derived at read time
// from the last heartbeat, so it needs no background task and filters on it stay in SQL. The
// tag operations on ManagedInstance resources live in the parameter provider (TagStore).
class ManagedNodeProvider final : public core::Service {
 public:
  explicit ManagedNodeProvider(Runtime& rt);
  std::string_view Name() const override { return "ssm"; }

  boost::json::value CreateActivation(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value DescribeActivations(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DeleteActivation(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value RegisterManagedInstance(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value UpdateInstanceInformation(const core::RequestContext& ctx,
                                               const boost::json::object& in);
  // The agent's calls after registering, signed with the node's RSA key: the access key id of
  // the SigV4-shaped Authorization header is the node id (the RSA signature is not checked).
  boost::json::value RequestManagedInstanceRoleToken(const core::RequestContext& ctx,
                                                     const boost::json::object& in);
  boost::json::value UpdateManagedInstancePublicKey(const core::RequestContext& ctx,
                                                    const boost::json::object& in);
  boost::json::value DeregisterManagedInstance(const core::RequestContext& ctx,
                                               const boost::json::object& in);
  boost::json::value DescribeInstanceInformation(const core::RequestContext& ctx,
                                                 const boost::json::object& in);

  // POST /_nimbus/ssm/managed-instances: {"Account", "Region", "Instances": [InstanceInformation
  // fields, plus "Tags"]} creates registered nodes without running agents.
  static constexpr std::string_view kFleetPath = "/_nimbus/ssm/managed-instances";
  core::HttpResponse LoadFleet(const core::HttpRequest& request);

 private:
  // The node whose id signed the request, or InvalidInstanceId.
  ManagedNodeRecord SigningNode(store::Transaction& tx, const core::RequestContext& ctx);
  // The node's InstanceInformation, allocated from `storage`.
  boost::json::object ToInstanceInformation(const ManagedNodeRecord& node, int64_t now_millis,
                                            const boost::json::storage_ptr& storage) const;

  const core::Clock& clock_;
  core::IdGenerator& ids_;
  std::string default_account_;
  std::string default_region_;
  int64_t ping_timeout_millis_;
  ManagedNodeStore nodes_;
  TagStore tags_;
};

}  // namespace nimbus::ssm
