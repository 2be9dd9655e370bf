#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/service.h"
#include "core/service_client.h"
#include "services/runtime.h"
#include "services/ssm/document_store.h"
#include "services/ssm/maintenance_window_store.h"
#include "services/ssm/managed_node_store.h"
#include "services/ssm/parameter_names.h"
#include "services/ssm/parameter_store.h"
#include "services/ssm/patch_baseline_store.h"
#include "services/ssm/tag_store.h"

namespace nimbus::ssm {

// SSM Parameter Store (versions, labels, hierarchies, SecureString through KMS) and the SSM
// tagging operations for every resource type. Registered as "ssm" next to the managed-nodes
// provider; the dispatcher asks whichever has the operation.
class ParameterProvider final : public core::Service {
 public:
  // `services` reaches KMS for SecureString values, as the caller of each request.
  ParameterProvider(Runtime& rt, const core::ServiceClient& services);
  std::string_view Name() const override { return "ssm"; }

  boost::json::value PutParameter(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetParameter(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetParameters(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetParametersByPath(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DeleteParameter(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value DeleteParameters(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value DescribeParameters(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value GetParameterHistory(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value LabelParameterVersion(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value UnlabelParameterVersion(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value AddTagsToResource(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value RemoveTagsFromResource(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value ListTagsForResource(const core::RequestContext& ctx,
                                         const boost::json::object& in);

  // The store, for benchmarks and tests that load many parameters without the request path.
  ParameterStore& parameters() { return parameters_; }

 private:
  // The value to return: SecureString values decrypted through KMS when `decrypt`.
  std::string ValueOf(const core::RequestContext& ctx, const ParameterRecord& record,
                      bool decrypt);
  // The stored form of a SecureString value of parameter `name`, encrypted through KMS under
  // `key_id` with the parameter's ARN as encryption context, as Parameter Store does.
  std::string Encrypt(const core::RequestContext& ctx, const std::string& key_id,
                      const std::string& name, std::string_view value);
  boost::json::object ToParameter(const core::RequestContext& ctx, const ParameterRecord& record,
                                  bool decrypt);
  // A parameter Get/GetParameters found by `ref`: named as asked ("foo" finds "/foo" and answers
  // "foo"), by its stored name when asked by ARN, with the Selector when one was given.
  boost::json::object Found(const core::RequestContext& ctx, const ParameterRecord& record,
                            const std::optional<Reference>& ref, bool decrypt);
  // Checks that a taggable resource exists (InvalidResourceType / InvalidResourceId otherwise)
  // and returns the id tags are stored under.
  std::string TaggedResource(const core::RequestContext& ctx, store::Transaction& tx,
                             const std::string& type, const std::string& id);

  const core::ServiceClient& services_;  // KMS, for SecureString
  ParameterStore parameters_;
  TagStore tags_;
  // The managed-nodes provider's table, read to check that a ManagedInstance to tag exists.
  ManagedNodeStore nodes_;
  // The document provider's tables, read to check that a Document to tag exists.
  DocumentStore documents_;
  // The maintenance-window provider's table, read to check that a MaintenanceWindow exists.
  MaintenanceWindowStore windows_;
  // The patch-baseline provider's tables, read to check that a PatchBaseline exists.
  PatchBaselineStore baselines_;
};

}  // namespace nimbus::ssm
