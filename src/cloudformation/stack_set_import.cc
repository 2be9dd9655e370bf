// ImportStacksToStackSet: existing stacks become instances of a set through a CREATE operation
// whose targets are the stacks' accounts and regions (StackSetRunner::ImportTarget adopts each
// stack without touching it), and the pure pieces of import and ResolvedValue.
#include "cloudformation/stack_set_import.h"

#include <algorithm>
#include <map>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/stack_set_import_ou.h"
#include "cloudformation/stack_set_provider.h"
#include "cloudformation/template_url.h"
#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using internal::Invalid;

namespace {

// The most bytes nimbus reads from a StackIdsUrl: 200 stack ARNs need far less.
constexpr size_t kMaxStackIdsUrlBytes = 1024 * 1024;

std::string Member(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

json::array ParsedArray(std::string_view text) {
  if (text.empty()) return {};
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  return !error && value.is_array() ? value.get_array() : json::array();
}

std::string_view Trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// The root of the stack's account, in the stack's region.
core::Caller RootOf(const StackLocation& where) {
  const core::Scope scope{.account = where.account, .region = where.region};
  return core::Caller{.access_key_id = "",
                      .account = where.account,
                      .arn = core::GlobalArn(scope, "iam", "root"),
                      .user_id = where.account};
}

StackLocation LocatedOrInvalid(std::string_view stack_id) {
  std::optional<StackLocation> where = LocateStack(stack_id);
  // nimbus's wording: AWS's is not recorded.
  if (!where) Invalid("Stack id " + std::string(stack_id) + " is not a valid stack ARN.");
  return std::move(*where);
}

[[noreturn]] void ThrowStackNotFound(std::string_view stack_id) {
  // nimbus's wording, as DescribeStacks words a missing stack.
  throw AwsError("StackNotFoundException",
                 "Stack with id " + std::string(stack_id) + " does not exist");
}

}  // namespace

std::optional<StackLocation> LocateStack(std::string_view stack_id) {
  const std::optional<core::ParsedArn> arn = core::ParseArn(stack_id);
  if (!arn || arn->service != "cloudformation" || arn->region.empty() || arn->account.empty() ||
      !core::StartsWith(arn->resource, "stack/")) {
    return std::nullopt;
  }
  const std::string_view rest = std::string_view(arn->resource).substr(6);
  const size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == rest.size()) {
    return std::nullopt;
  }
  return StackLocation{.account = arn->account, .region = arn->region};
}

std::vector<std::string> ParseStackIdList(std::string_view text) {
  std::vector<std::string> ids;
  for (std::string_view line : core::Split(text, '\n')) {
    for (std::string_view entry : core::Split(line, ',')) {
      const std::string id(Trimmed(entry));
      if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  return ids;
}

std::vector<std::string> ImportStackIds(const core::ServiceClient& services,
                                        const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> url = OptString(in, "StackIdsUrl");
  const bool listed = in.contains("StackIds");
  // nimbus's wording for both: AWS's is not recorded.
  if (url && listed) Invalid("Specify either StackIds or StackIdsUrl, not both.");
  if (!url && !listed) Invalid("Either StackIds or StackIdsUrl must be specified.");
  std::vector<std::string> ids;
  if (url) {
    ids = ParseStackIdList(
        ReadListFileUrl(services, ctx, *url, "StackIdsUrl", kMaxStackIdsUrlBytes, "1 MB"));
    if (ids.size() > kMaxImportStackIdsInUrl) {
      throw AwsError("LimitExceededException",
                     "StackIdsUrl may name at most 200 stacks.");  // nimbus's wording
    }
  } else {
    for (const std::string& id : StringList(in, "StackIds")) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    if (ids.size() > kMaxImportStackIds) {
      throw AwsError("LimitExceededException",
                     "StackIds may name at most 10 stacks.");  // nimbus's wording
    }
  }
  if (ids.empty()) Invalid("StackIds must name at least one stack.");  // nimbus's wording
  return ids;
}

json::object DescribeImportedStack(const core::ServiceClient& services, std::string_view stack_id) {
  const StackLocation where = LocatedOrInvalid(stack_id);
  json::value out;
  try {
    out = services.Call(RootOf(where), where.region, "cloudformation", "DescribeStacks",
                        {{"StackName", stack_id}});
  } catch (const AwsError& error) {
    if (error.code() != "ValidationError") throw;
    ThrowStackNotFound(stack_id);
  }
  const json::array& stacks = out.at("Stacks").as_array();
  if (stacks.empty()) ThrowStackNotFound(stack_id);
  json::object stack = stacks.front().as_object();
  // A deleted stack is still described by its id, but there is nothing to import.
  if (Member(stack, "StackStatus") == "DELETE_COMPLETE") ThrowStackNotFound(stack_id);
  return stack;
}

std::string ImportedStackTemplate(const core::ServiceClient& services, std::string_view stack_id) {
  const StackLocation where = LocatedOrInvalid(stack_id);
  std::string canonical;
  try {
    canonical = Member(DescribeImportedStack(services, stack_id), "StackId");
  } catch (const AwsError& error) {
    // CreateStackSet's model lists no StackNotFoundException: the stack API's error instead.
    if (error.code() != "StackNotFoundException") throw;
    Invalid(error.what());
  }
  const json::value out = services.Call(RootOf(where), where.region, "cloudformation",
                                        "GetTemplate", {{"StackName", canonical}});
  return Member(out.as_object(), "TemplateBody");
}

std::string ImportOverrides(std::string_view set_parameters, const json::array& stack_parameters) {
  const json::array given = ParsedArray(set_parameters);
  json::array overrides;
  for (const json::value& item : stack_parameters) {
    const json::object& parameter = item.as_object();
    const std::string key = Member(parameter, "ParameterKey");
    const std::string value = Member(parameter, "ParameterValue");
    const bool same = std::any_of(given.begin(), given.end(), [&](const json::value& set) {
      return Member(set.as_object(), "ParameterKey") == key &&
             Member(set.as_object(), "ParameterValue") == value;
    });
    if (same) continue;
    json::object entry{{"ParameterKey", key}, {"ParameterValue", value}};
    if (const json::value* resolved = parameter.if_contains("ResolvedValue")) {
      entry["ResolvedValue"] = *resolved;
    }
    overrides.push_back(std::move(entry));
  }
  return json::serialize(overrides);
}

std::string WithResolvedValues(std::string_view overrides, const json::array& stack_parameters) {
  json::array out = ParsedArray(overrides);
  for (json::value& item : out) {
    json::object& entry = item.as_object();
    entry.erase("ResolvedValue");
    const std::string key = Member(entry, "ParameterKey");
    for (const json::value& parameter : stack_parameters) {
      const json::object& reported = parameter.as_object();
      if (Member(reported, "ParameterKey") != key) continue;
      if (const json::value* resolved = reported.if_contains("ResolvedValue")) {
        entry["ResolvedValue"] = *resolved;
      }
    }
  }
  return json::serialize(out);
}

bool ImportableStatus(std::string_view status) {
  return status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" ||
         status == "UPDATE_ROLLBACK_COMPLETE" || status == "IMPORT_COMPLETE" ||
         status == "IMPORT_ROLLBACK_COMPLETE";
}

json::value StackSetProvider::ImportStacksToStackSet(const RequestContext& ctx,
                                                     const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const std::string set_name = RequiredString(in, "StackSetName");
  StackSetRecord found;
  {
    store::Transaction tx = sets_.Read();
    found = FindSet(tx, sets_ctx, set_name);  // StackSetNotFoundException before the stacks
  }
  OperationRequest request{.action = "CREATE"};
  const std::vector<std::string> ou_ids = StringList(in, "OrganizationalUnitIds");
  std::optional<OrganizationAdmin> admin;
  if (found.permission_model == "SERVICE_MANAGED") {
    admin = RequireServiceManagedAdmin(services_, ctx, ReadCallAs(in));
    RequireOrganizationsAccess(services_, ctx, *admin);
    // The user guide: the import "requires you to specify at least one organizational unit ID";
    // nimbus's wording.
    if (ou_ids.empty()) {
      Invalid(
          "OrganizationalUnitIds must be specified to import stacks into a SERVICE_MANAGED "
          "stack set.");
    }
    request.deployment_targets =
        json::object{{"OrganizationalUnitIds", in.at("OrganizationalUnitIds")}};
  } else if (!ou_ids.empty()) {
    // nimbus's wording, as DeploymentTargets of a self-managed set are refused.
    Invalid("OrganizationalUnitIds are for SERVICE_MANAGED stack sets.");
  }
  // Each stack must exist now (and, for a service-managed set, be in one of the OUs); what else
  // an import needs (the roles, a stable status, no other set) the operation checks when it
  // reaches the stack, as FAILED_IMPORT.
  json::array imports;
  std::map<std::string, std::vector<std::string>> ou_regions;  // the OUs used, with regions
  for (const std::string& id : ImportStackIds(services_, ctx, in)) {
    const StackLocation where = LocatedOrInvalid(id);
    const std::string stack_id = Member(DescribeImportedStack(services_, id), "StackId");
    if (admin) {
      const std::string ou =
          ImportOrganizationalUnit(services_, ctx, *admin, ou_ids, where.account, stack_id);
      request.ou_of[where.account] = ou;
      ou_regions[ou].push_back(where.region);
    }
    const std::pair<std::string, std::string> target(where.account, where.region);
    if (std::find(request.only.begin(), request.only.end(), target) != request.only.end()) {
      // nimbus's wording: one instance per account and region.
      Invalid("Stacks " + stack_id + " and another of the request are both in account " +
              where.account + " and region " + where.region +
              ": a stack set has one stack "
              "instance per account and region.");
    }
    request.only.push_back(target);
    if (std::find(request.accounts.begin(), request.accounts.end(), where.account) ==
        request.accounts.end()) {
      request.accounts.push_back(where.account);
    }
    if (std::find(request.regions.begin(), request.regions.end(), where.region) ==
        request.regions.end()) {
      request.regions.push_back(where.region);
    }
    imports.push_back(
        json::object{{"Account", where.account}, {"Region", where.region}, {"StackId", stack_id}});
  }
  request.imports = &imports;
  store::Transaction tx = sets_.Begin();
  const StackSetRecord set = FindSet(tx, sets_ctx, set_name);
  for (const auto& [account, region] : request.only) {
    // An import that failed may be retried; any other instance already has its stack.
    const std::optional<StackInstanceRecord> instance =
        sets_.FindInstance(tx, set.stack_set_id, account, region);
    if (instance && instance->detailed_status != "FAILED_IMPORT") {
      // nimbus's wording: AWS's is not recorded.
      throw AwsError("InvalidOperationException", "StackSet " + set.name +
                                                      " already has a stack instance in account " +
                                                      account + " and region " + region + ".");
    }
  }
  const std::string operation_id = BeginOperation(tx, set, in, request);
  if (admin) {
    // The user guide: the import uses "those OUs as deployment targets for the stack sets", each
    // in the regions of its stacks (automatic deployment follows them).
    StackSetRecord targeted = set;
    for (const auto& [ou, regions] : ou_regions) {
      const json::object targets{
          {"DeploymentTargets", {{"OrganizationalUnitIds", json::array{json::value(ou)}}}}};
      AddOuTargets(targets, regions, false, &targeted);
    }
    sets_.UpdateOrganizationTargets(tx, targeted);
  }
  tx.Commit();
  return json::object{{"OperationId", operation_id}};
}

}  // namespace nimbus::cloudformation
