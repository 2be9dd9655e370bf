#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/change_set_store.h"
#include "cloudformation/drift_store.h"
#include "cloudformation/engine/deployer.h"
#include "cloudformation/engine/drift.h"
#include "cloudformation/resources/nested_stack_host.h"
#include "cloudformation/resources/registry.h"
#include "cloudformation/schema/schema_registry.h"
#include "cloudformation/schema/simulated_resource.h"
#include "cloudformation/stack_store.h"
#include "cloudformation/wait_condition_store.h"
#include "core/http/message.h"
#include "core/service.h"
#include "core/service_client.h"
#include "services/runtime.h"

namespace nimbus::cloudformation {

// The CloudFormation stack API: stacks created from a template and deployed by the Deployer on
// the scheduler, their events and resources, their templates. Split by subject:
// stack_provider.cc (create, delete, termination protection), stack_describe_provider.cc
// (describe and list), template_provider.cc (GetTemplate, ValidateTemplate, GetTemplateSummary),
// update_provider.cc (UpdateStack), policy_provider.cc (stack policies), rollback_provider.cc
// (CancelUpdateStack, ContinueUpdateRollback, RollbackStack),
// export_provider.cc (ListExports, ListImports), change_set_provider.cc (CreateChangeSet,
// ExecuteChangeSet) and change_set_describe_provider.cc (the other change set operations).
class StackProvider final : public core::Service, public NestedStackHost {
 public:
  // `services` is how resources reach the services they create objects in.
  StackProvider(Runtime& rt, const core::ServiceClient& services);
  std::string_view Name() const override { return "cloudformation"; }

  boost::json::value CreateStack(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteStack(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateStack(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value SetStackPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetStackPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value CancelUpdateStack(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value ContinueUpdateRollback(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value RollbackStack(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateTerminationProtection(const core::RequestContext& ctx,
                                                 const boost::json::object& in);

  boost::json::value DescribeStacks(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListStacks(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribeStackEvents(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DescribeStackResource(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value DescribeStackResources(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value ListStackResources(const core::RequestContext& ctx,
                                        const boost::json::object& in);

  boost::json::value GetTemplate(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ValidateTemplate(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value GetTemplateSummary(const core::RequestContext& ctx,
                                        const boost::json::object& in);

  // A PUT of a signal to a wait condition handle's URL (wait_condition_url.h), which the
  // dispatcher routes here before AWS routing (wait_condition_signal.cc): recorded, and the
  // stack's deployment woken. 200 with an empty body, or an S3-style XML error.
  core::HttpResponse SignalWaitConditionHandle(const core::HttpRequest& request);
  // signal_provider.cc: a SUCCESS or FAILURE signal to a resource waiting for the signals of its
  // CreationPolicy; recorded, and the stack's deployment woken.
  boost::json::value SignalResource(const core::RequestContext& ctx, const boost::json::object& in);

  // export_provider.cc
  boost::json::value ListExports(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListImports(const core::RequestContext& ctx, const boost::json::object& in);

  // change_set_provider.cc, change_set_describe_provider.cc
  boost::json::value CreateChangeSet(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value DescribeChangeSet(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value ExecuteChangeSet(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value DeleteChangeSet(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value ListChangeSets(const core::RequestContext& ctx, const boost::json::object& in);

  // drift_provider.cc
  boost::json::value DetectStackDrift(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value DescribeStackDriftDetectionStatus(const core::RequestContext& ctx,
                                                       const boost::json::object& in);
  boost::json::value DetectStackResourceDrift(const core::RequestContext& ctx,
                                              const boost::json::object& in);
  boost::json::value DescribeStackResourceDrifts(const core::RequestContext& ctx,
                                                 const boost::json::object& in);

  // The resource handlers, for tests that add a fake type.
  ResourceRegistry& resources() { return resources_; }
  // Stack drift detection, for DetectStackSetDrift.
  const DriftDetector& drift_detector() const { return drift_detector_; }

  // nested_stack_provider.cc: the host of AWS::CloudFormation::Stack resources.
  std::string ReadTemplate(const core::RequestContext& ctx, std::string_view url) override;
  std::string CreateNestedStack(const core::RequestContext& ctx, std::string_view parent_id,
                                boost::json::object in) override;
  bool UpdateNestedStack(const core::RequestContext& ctx, std::string_view parent_id,
                         boost::json::object in) override;
  // How nested stacks read their TemplateURL, for tests that serve templates without S3.
  using TemplateReader =
      std::function<std::string(const core::RequestContext& ctx, std::string_view url)>;
  void SetTemplateReader(TemplateReader reader) { template_reader_ = std::move(reader); }

 private:
  // The stack `name_or_id` names: a live stack by name, or any stack (deleted too) by its id.
  std::optional<StackRecord> Find(store::Transaction& tx, const core::RequestContext& ctx,
                                  std::string_view name_or_id);
  // Find(), or ValidationError "Stack with id X does not exist".
  StackRecord FindOrThrow(store::Transaction& tx, const core::RequestContext& ctx,
                          std::string_view name_or_id);

  // Find(), or ValidationError "Stack [X] does not exist" (a deleted stack too).
  StackRecord FindLiveOrThrow(store::Transaction& tx, const core::RequestContext& ctx,
                              std::string_view name);
  // Starts a new operation of `stack` (id, the request's ClientRequestToken and RoleARN) in
  // `status`, with its stack event, and schedules it.
  void StartOperation(store::Transaction& tx, StackRecord& stack, const boost::json::object& in,
                      std::string_view status, std::string_view reason);

  // The template's resource types, once each in template order, that nimbus knows neither a
  // handler nor a schema for (Custom:: types are custom resources, not unknown).
  std::vector<std::string> UnrecognizedTypes(const boost::json::object& tmpl) const;
  // Throws "Template format error: Unrecognized resource types: [X, Y]" when there are some,
  // and, with --cfn-simulated fail, a format error naming the types nimbus would simulate.
  void CheckTypesRecognized(const boost::json::object& tmpl) const;
  // What GetTemplateSummary lists as a type's ResourceIdentifiers: its handler's, else its
  // schema's primaryIdentifier.
  std::vector<std::string> IdentifiersOf(std::string_view type) const;

  // The scheduler task that moves a change set through CREATE_PENDING and CREATE_IN_PROGRESS
  // when the runtime's async delay is above 0 (its payload is the change set's id).
  static constexpr std::string_view kChangeSetTask = "cloudformation.ChangeSet";
  // The Changes that deploying `plan` makes to `stack` (nullptr: a stack that does not exist
  // yet), with property values. A resource whose properties cannot be resolved yet is described
  // without them, and `warning` says why, as AWS's StatusReason does.
  boost::json::array PlanChanges(const core::RequestContext& ctx, const StackRecord* stack,
                                 const StackPlan& plan, std::string* warning);
  // One step of kChangeSetTask.
  void AdvanceChangeSet(std::string_view change_set_id);
  // The change set a request names: ChangeSetName as an ARN, or a name with StackName. Throws
  // ChangeSetNotFound or ValidationError as AWS does.
  ChangeSetRecord FindChangeSet(store::Transaction& tx, const core::RequestContext& ctx,
                                const boost::json::object& in);
  // AVAILABLE, UNAVAILABLE, OBSOLETE (the stack has run another operation since), or once
  // executed EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE or EXECUTE_FAILED, from the operation the
  // execution started on `stack`.
  static std::string ExecutionStatus(const ChangeSetRecord& change_set, const StackRecord& stack);
  // Drift detection (drift_provider.cc): registers its operations and its scheduler task.
  void RegisterDrift();
  // Runs the DetectStackDrift `detection_id` (the task) and records what it found.
  void RunDriftDetection(std::string_view detection_id);
  // The DriftInformation of a stack: NOT_CHECKED, or its last detection's status and time.
  boost::json::object StackDriftInformation(store::Transaction& tx, std::string_view stack_id);
  // The DriftInformation of each checked resource of a stack, by logical id.
  std::map<std::string, boost::json::object, std::less<>> ResourceDriftInformation(
      store::Transaction& tx, std::string_view stack_id);

  // The stack `parent_id` of a nested stack resource being deployed.
  StackRecord ParentOf(const core::RequestContext& ctx, std::string_view parent_id);

  Runtime& rt_;
  const core::ServiceClient& services_;
  StackStore stacks_;
  ChangeSetStore change_sets_;
  ResourceRegistry resources_;
  SchemaRegistry schemas_;
  SimulatedResources simulated_{schemas_};  // resources_'s fallback
  WaitConditionStore waits_;
  Deployer deployer_;
  DriftStore drifts_;
  DriftDetector drift_detector_;
  TemplateReader template_reader_;  // empty: from nimbus's S3 (template_url.h)
};

}  // namespace nimbus::cloudformation
