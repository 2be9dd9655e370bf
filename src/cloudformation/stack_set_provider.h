#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/engine/drift.h"
#include "cloudformation/engine/stack_set_runner.h"
#include "cloudformation/stack_set_drift.h"
#include "cloudformation/stack_set_store.h"
#include "cloudformation/stack_set_targets.h"
#include "core/service.h"
#include "core/service_client.h"
#include "services/organizations/membership_observer.h"
#include "services/runtime.h"

namespace nimbus::cloudformation {

// The CloudFormation StackSets API, self-managed: sets (stack_set_provider.cc), their instances
// (stack_instance_provider.cc) and operations (stack_set_operation_provider.cc), run by the
// StackSetRunner on the scheduler. A second provider of the `cloudformation` service beside the
// StackProvider: each instance's stack is made through the stack API, as a client's would be.
// Service-managed sets (stack_set_service_managed.cc) deploy to accounts of nimbus's
// Organizations, and follow accounts into and out of their OUs (stack_set_auto_deploy.cc).
class StackSetProvider final : public core::Service, public organizations::MembershipObserver {
 public:
  // `drift` checks the instances' stacks for DetectStackSetDrift (the StackProvider's).
  StackSetProvider(Runtime& rt, const core::ServiceClient& services, const DriftDetector& drift);
  std::string_view Name() const override { return "cloudformation"; }

  boost::json::value CreateStackSet(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribeStackSet(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value ListStackSets(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateStackSet(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteStackSet(const core::RequestContext& ctx, const boost::json::object& in);

  // stack_instance_provider.cc
  boost::json::value CreateStackInstances(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value UpdateStackInstances(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value DeleteStackInstances(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value DescribeStackInstance(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value ListStackInstances(const core::RequestContext& ctx,
                                        const boost::json::object& in);

  // stack_set_import.cc
  boost::json::value ImportStacksToStackSet(const core::RequestContext& ctx,
                                            const boost::json::object& in);

  // stack_set_operation_provider.cc
  boost::json::value DescribeStackSetOperation(const core::RequestContext& ctx,
                                               const boost::json::object& in);
  boost::json::value ListStackSetOperations(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value ListStackSetOperationResults(const core::RequestContext& ctx,
                                                  const boost::json::object& in);
  boost::json::value StopStackSetOperation(const core::RequestContext& ctx,
                                           const boost::json::object& in);

  // stack_set_drift_provider.cc
  boost::json::value DetectStackSetDrift(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value ListStackInstanceResourceDrifts(const core::RequestContext& ctx,
                                                     const boost::json::object& in);

  // stack_set_service_managed.cc
  boost::json::value ListStackSetAutoDeploymentTargets(const core::RequestContext& ctx,
                                                       const boost::json::object& in);

  // stack_set_auto_deploy.cc: automatic deployment of SERVICE_MANAGED sets, an operation of each
  // set (QUEUED behind the set's operations and the sets it depends on, as AWS queues them).
  void OnMembershipChanged(const organizations::MembershipChange& change) override;
  static constexpr std::string_view kAutoDeployTask = "cloudformation.StackSetAutoDeployment";

 private:
  // What an operation request asks for, before it is stored.
  struct OperationRequest {
    std::string action;                   // CREATE | UPDATE | DELETE
    std::vector<std::string> accounts{};  // the plan's cross product...
    std::vector<std::string> regions{};
    // ...of which these pairs (account, region) are targets; empty: all of them.
    std::vector<std::pair<std::string, std::string>> only{};
    const boost::json::array* overrides = nullptr;  // ParameterOverrides, if given
    std::optional<bool> retain_stacks{};
    // ImportStacksToStackSet: [{Account, Region, StackId}], the stack each target adopts.
    const boost::json::array* imports = nullptr;
    // Service-managed: the OU (or root) through which each account was reached.
    std::map<std::string, std::string> ou_of{};
    // Service-managed: the DeploymentTargets DescribeStackSetOperation shows, as given.
    std::optional<boost::json::object> deployment_targets{};
    // Automatic deployment (stack_set_auto_deploy.cc): queued behind the set's operations, never
    // OperationInProgressException, and QUEUED until `after` ([{StackSetId, OperationId}], the
    // automatic deployments of the sets it depends on) have succeeded.
    bool auto_deployment = false;
    boost::json::array after{};
  };

  // stack_set_service_managed.cc
  // The context whose scope keeps the sets the request's CallAs reaches: the caller's own for
  // SELF; for DELEGATED_ADMIN (RequireServiceManagedAdmin) the organization's management
  // account's, where AWS keeps a delegated administrator's sets. Its caller stays the caller's.
  core::RequestContext SetsContext(const core::RequestContext& ctx,
                                   const boost::json::object& in) const;
  // Checks CreateStackSet's PermissionModel, AutoDeployment and CallAs, and fills `set`'s
  // service-managed members (roles unused; AutoDeployment required; trusted access on).
  void ApplyPermissionModel(const core::RequestContext& ctx, const boost::json::object& in,
                            StackSetRecord* set) const;
  // UpdateStackSet's AutoDeployment (service-managed sets only).
  static void UpdateAutoDeployment(const boost::json::object& in, StackSetRecord* set);
  // The accounts of an instance operation: Accounts for a self-managed set; the resolved
  // DeploymentTargets, with the OU of each, for a service-managed one.
  void ReadTargets(const core::RequestContext& ctx, const boost::json::object& in,
                   const StackSetRecord& set, TargetsUse use, OperationRequest* request) const;
  // The set's ou_targets after `regions` were added to (or removed from) its OU targets.
  static void AddOuTargets(const boost::json::object& in, const std::vector<std::string>& regions,
                           bool remove, StackSetRecord* set);
  // DescribeStackSet's and the summaries' AutoDeployment and OrganizationalUnitIds.
  static void OrganizationMembers(const StackSetRecord& set, bool summary,
                                  boost::json::object* out);
  // stack_set_auto_deploy.cc: one look of a QUEUED automatic deployment at what it waits for.
  void AutoDeploy(const store::Task& task);
  // Ends a QUEUED operation FAILED with `reason`, its targets and their instances CANCELLED.
  void CancelQueued(store::Transaction& tx, StackSetOperationRecord operation,
                    std::string_view reason);
  // OperationInProgressException "Another Operation on StackSet <arn> is in progress".
  [[noreturn]] static void ThrowInProgress(const StackSetRecord& set);
  // StackInstanceNotFoundException for the instance (account, region) of `set`.
  [[noreturn]] static void ThrowInstanceNotFound(const StackSetRecord& set,
                                                 std::string_view account, std::string_view region);
  // The set `name_or_id` names (a name: the ACTIVE set; an id <name>:<uuid>: deleted ones too),
  // or StackSetNotFoundException "StackSet <name_or_id> not found" (AWS's wording).
  StackSetRecord FindSet(store::Transaction& tx, const core::RequestContext& ctx,
                         std::string_view name_or_id);
  // Stores the operation the request `in` starts on `set` (with its PENDING results and
  // instances) and schedules it; returns its OperationId. Throws OperationIdAlreadyExists,
  // OperationInProgress and the preferences' ValidationError.
  std::string BeginOperation(store::Transaction& tx, const StackSetRecord& set,
                             const boost::json::object& in, const OperationRequest& request);
  // The start of Create/Update/DeleteStackInstances: the set named in `in` is read, the
  // request's targets resolved (Organizations is read before the write transaction), and the
  // set read again in the write transaction returned with it.
  struct OpenedSet {
    store::Transaction tx;
    StackSetRecord set;
  };
  OpenedSet OpenForInstances(const core::RequestContext& ctx, const boost::json::object& in,
                             TargetsUse use, OperationRequest* request);
  // Makes every one of `instances` a target of `request`: its account and region in the plan
  // (each once, in the order of `instances`), and the pair among the targets.
  static void TargetEveryInstance(const std::vector<StackInstanceRecord>& instances,
                                  OperationRequest* request);
  // The stack set's ARN: arn:<partition>:cloudformation:<region>:<account>:stackset/<id>.
  static std::string ArnOf(const StackSetRecord& set);
  static boost::json::object InstanceShape(const StackInstanceRecord& instance, bool summary);
  // The set's StackSetDriftDetectionDetails: those of its last DETECT_DRIFT operation that has
  // ended, NOT_CHECKED before (stack_set_drift_provider.cc).
  SetDriftDetails SetDrift(store::Transaction& tx, const StackSetRecord& set);
  // A DETECT_DRIFT operation's StackSetDriftDetectionDetails, as far as it has come.
  SetDriftDetails OperationDrift(store::Transaction& tx, const StackSetOperationRecord& operation);
  static boost::json::object OperationShape(const StackSetOperationRecord& operation,
                                            int64_t failed, bool summary);

  Runtime& rt_;
  const core::ServiceClient& services_;
  StackSetStore sets_;
  StackSetDrift drift_;
  StackSetRunner runner_;
};

}  // namespace nimbus::cloudformation
