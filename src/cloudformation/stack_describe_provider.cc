// DescribeStacks, ListStacks, DescribeStackEvents and the stack resource operations.
#include <charconv>
#include <map>

#include <boost/json/serialize.hpp>

#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/template/parse.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/common/page_token.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

// Pages of DescribeStacks, ListStacks, DescribeStackEvents and ListStackResources.
constexpr int64_t kPageSize = 100;

using internal::Invalid;

}  // namespace

namespace internal {

// The position a NextToken of listing `kind` stands for: 0 for the first page.
int64_t ReadPosition(const json::object& in, std::string_view kind) {
  const std::optional<std::string> position = services::ReadPageToken(in, "NextToken", kind);
  int64_t value = 0;
  if (!position ||
      (!position->empty() &&
       std::from_chars(position->data(), position->data() + position->size(), value).ec !=
           std::errc())) {
    // AWS's wording, quoted from DescribeStackResourceDrifts by users.
    Invalid(OptString(in, "NextToken").value_or("") + " is not a valid NextToken");
  }
  return value;
}

void SetNextToken(json::object& out, std::string_view kind, int64_t position) {
  out["NextToken"] = services::EncodePageToken(kind, std::to_string(position));
}

}  // namespace internal

json::value StackProvider::DescribeStacks(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = stacks_.Read();
  // A stack created or updated by a change set names the one executed last.
  const auto shape = [this, &tx](const StackRecord& stack) {
    json::object out = internal::StackShape(stack);
    out["DriftInformation"] = StackDriftInformation(tx, stack.stack_id);
    if (std::optional<std::string> id = change_sets_.Executed(tx, stack.stack_id)) {
      out["ChangeSetId"] = *id;
    }
    return out;
  };
  if (const std::optional<std::string> name = OptString(in, "StackName")) {
    return json::object{{"Stacks", json::array{shape(FindOrThrow(tx, ctx, *name))}}};
  }
  const int64_t before = internal::ReadPosition(in, "DescribeStacks");
  std::vector<StackRecord> stacks =
      stacks_.ListStacks(tx, ctx.scope, before, kPageSize + 1, /*live_only=*/true, {});
  json::object out;
  if (static_cast<int64_t>(stacks.size()) > kPageSize) {
    stacks.pop_back();
    internal::SetNextToken(out, "DescribeStacks", stacks.back().seq);
  }
  json::array shapes;
  for (const StackRecord& stack : stacks) shapes.push_back(shape(stack));
  out["Stacks"] = std::move(shapes);
  return out;
}

json::value StackProvider::ListStacks(const RequestContext& ctx, const json::object& in) {
  const int64_t before = internal::ReadPosition(in, "ListStacks");
  store::Transaction tx = stacks_.Read();
  std::vector<StackRecord> stacks =
      stacks_.ListStacks(tx, ctx.scope, before, kPageSize + 1, /*live_only=*/false,
                         StringList(in, "StackStatusFilter"));
  json::object out;
  if (static_cast<int64_t>(stacks.size()) > kPageSize) {
    stacks.pop_back();
    internal::SetNextToken(out, "ListStacks", stacks.back().seq);
  }
  json::array summaries;
  for (const StackRecord& stack : stacks) {
    json::object summary = internal::StackSummaryShape(stack);
    summary["DriftInformation"] = StackDriftInformation(tx, stack.stack_id);
    summaries.push_back(std::move(summary));
  }
  out["StackSummaries"] = std::move(summaries);
  return out;
}

json::value StackProvider::DescribeStackEvents(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const int64_t before = internal::ReadPosition(in, "DescribeStackEvents");
  store::Transaction tx = stacks_.Read();
  const std::optional<StackRecord> stack = Find(tx, ctx, name);
  if (!stack) Invalid("Stack [" + name + "] does not exist");
  std::vector<std::pair<int64_t, EventRecord>> events =
      stacks_.Events(tx, *stack, before, kPageSize + 1);
  json::object out;
  if (static_cast<int64_t>(events.size()) > kPageSize) {
    events.pop_back();
    internal::SetNextToken(out, "DescribeStackEvents", events.back().first);
  }
  json::array shapes;
  shapes.reserve(events.size());
  for (const auto& [position, event] : events)
    shapes.push_back(internal::EventShape(*stack, event));
  out["StackEvents"] = std::move(shapes);
  return out;
}

json::value StackProvider::DescribeStackResource(const RequestContext& ctx,
                                                 const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const std::string logical_id = RequiredString(in, "LogicalResourceId");
  store::Transaction tx = stacks_.Read();
  const std::optional<StackRecord> stack = Find(tx, ctx, name);
  if (!stack) Invalid("Stack '" + name + "' does not exist");
  const std::optional<ResourceRecord> resource = stacks_.Resource(tx, *stack, logical_id);
  if (!resource) Invalid("Resource " + logical_id + " does not exist for stack " + name);
  json::object detail = internal::ResourceDetailShape(*stack, *resource);
  if (auto drift = ResourceDriftInformation(tx, stack->stack_id); drift.contains(logical_id)) {
    detail["DriftInformation"] = std::move(drift[logical_id]);
  }
  // Metadata: the resource's Metadata attribute in the template, as JSON text.
  const json::object tmpl = ParseTemplate(stack->template_body);
  if (const json::value* resources = tmpl.if_contains("Resources");
      resources && resources->is_object()) {
    const json::value* definition = resources->get_object().if_contains(logical_id);
    const json::value* metadata = definition && definition->is_object()
                                      ? definition->get_object().if_contains("Metadata")
                                      : nullptr;
    if (metadata) detail["Metadata"] = json::serialize(*metadata);
  }
  return json::object{{"StackResourceDetail", std::move(detail)}};
}

json::value StackProvider::DescribeStackResources(const RequestContext& ctx,
                                                  const json::object& in) {
  std::optional<std::string> name = OptString(in, "StackName");
  const std::optional<std::string> physical_id = OptString(in, "PhysicalResourceId");
  const std::optional<std::string> logical_id = OptString(in, "LogicalResourceId");
  store::Transaction tx = stacks_.Read();
  if (!name && physical_id) {
    name = stacks_.StackOfPhysicalId(tx, ctx.scope, *physical_id);
    if (!name) Invalid("Stack for " + *physical_id + " does not exist");  // unverified
  }
  if (!name) Invalid("Either StackName or PhysicalResourceId must be specified.");  // unverified
  const StackRecord stack = FindOrThrow(tx, ctx, *name);
  std::map<std::string, json::object, std::less<>> drifts =
      ResourceDriftInformation(tx, stack.stack_id);
  json::array shapes;
  for (const ResourceRecord& resource : stacks_.Resources(tx, stack)) {
    if (logical_id && resource.logical_id != *logical_id) continue;
    if (physical_id && resource.physical_id != *physical_id) continue;
    json::object shape = internal::ResourceShape(stack, resource);
    if (auto it = drifts.find(resource.logical_id); it != drifts.end()) {
      shape["DriftInformation"] = it->second;
    }
    shapes.push_back(std::move(shape));
  }
  return json::object{{"StackResources", std::move(shapes)}};
}

json::value StackProvider::ListStackResources(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const int64_t start = internal::ReadPosition(in, "ListStackResources");
  store::Transaction tx = stacks_.Read();
  const StackRecord stack = FindOrThrow(tx, ctx, name);
  const std::vector<ResourceRecord> resources = stacks_.Resources(tx, stack);
  std::map<std::string, json::object, std::less<>> drifts =
      ResourceDriftInformation(tx, stack.stack_id);
  json::object out;
  json::array summaries;
  for (size_t i = static_cast<size_t>(start); i < resources.size(); ++i) {
    if (static_cast<int64_t>(summaries.size()) == kPageSize) {
      internal::SetNextToken(out, "ListStackResources", static_cast<int64_t>(i));
      break;
    }
    json::object summary = internal::ResourceSummaryShape(resources[i]);
    if (auto it = drifts.find(resources[i].logical_id); it != drifts.end()) {
      summary["DriftInformation"] = it->second;
    }
    summaries.push_back(std::move(summary));
  }
  out["StackResourceSummaries"] = std::move(summaries);
  return out;
}

}  // namespace nimbus::cloudformation
