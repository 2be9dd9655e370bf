#include "services/ssm/patch_baseline_provider.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>

#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"
#include "services/ssm/list_pages.h"
#include "services/ssm/maintenance_window_provider.h"
#include "services/ssm/patch_baselines_default.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptArray;
using core::protocol::OptInt;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::FilterValues;
using internal::Merge;
using internal::Pick;

namespace {

constexpr std::string_view kPatchBaseline = "PatchBaseline";
// When the AWS-provided baselines report being created and modified: 2024-01-01T00:00:00Z.
constexpr int64_t kAwsBaselinesMillis = 1704067200000;

// The members of a baseline that Create/UpdatePatchBaseline set as given.
const std::vector<std::string_view> kBaselineMembers = {"Name",
                                                        "GlobalFilters",
                                                        "ApprovalRules",
                                                        "ApprovedPatches",
                                                        "ApprovedPatchesComplianceLevel",
                                                        "ApprovedPatchesEnableNonSecurity",
                                                        "RejectedPatches",
                                                        "RejectedPatchesAction",
                                                        "Description",
                                                        "Sources",
                                                        "AvailableSecurityUpdatesComplianceStatus"};

[[noreturn]] void Invalid(const std::string& message) {
  throw AwsError("ValidationException", message);
}

int64_t NumberOr(const json::object& o, std::string_view name, int64_t fallback) {
  const json::value* v = o.if_contains(name);
  return v && v->is_int64() ? v->as_int64() : fallback;
}

// Whether a patch filter key applies to an operating system, as the PatchFilter reference
// lists keys per operating system: PATCH_SET, PRODUCT_FAMILY and MSRC_SEVERITY are Windows
// Server's, Windows Server takes only those with PRODUCT, CLASSIFICATION and PATCH_ID, and
// PRIORITY and SECTION are Debian's and Ubuntu's.
bool KeyApplies(const std::string& key, const std::string& os) {
  static const std::set<std::string> kWindowsOnly = {"PATCH_SET", "PRODUCT_FAMILY",
                                                     "MSRC_SEVERITY"};
  static const std::set<std::string> kWindows = {
      "PATCH_SET", "PRODUCT", "PRODUCT_FAMILY", "CLASSIFICATION", "MSRC_SEVERITY", "PATCH_ID"};
  if (os == "WINDOWS") return kWindows.count(key) > 0;
  if (kWindowsOnly.count(key)) return false;
  if (key == "PRIORITY" || key == "SECTION") {
    return os == "UBUNTU" || os == "DEBIAN" || os == "RASPBIAN";
  }
  return true;
}

void ValidateFilterGroup(const json::value* group, const std::string& os) {
  if (!group || !group->is_object()) return;
  const json::array* filters = OptArray(group->as_object(), "PatchFilters");
  if (!filters) return;
  for (const json::value& f : *filters) {
    if (!f.is_object()) continue;
    const std::string key = StringOr(f.as_object(), "Key", "");
    if (!KeyApplies(key, os)) {
      Invalid("The filter key " + key + " isn't supported for operating system " + os + ".");
    }
  }
}

// Checks what the model cannot; the messages are nimbus's (README).
void ValidateBaseline(const json::object& baseline) {
  const std::string os = StringOr(baseline, "OperatingSystem", "");
  ValidateFilterGroup(baseline.if_contains("GlobalFilters"), os);
  if (const json::value* rules = baseline.if_contains("ApprovalRules")) {
    const json::array* list =
        rules->is_object() ? OptArray(rules->as_object(), "PatchRules") : nullptr;
    for (const json::value& rule : list ? *list : json::array{}) {
      if (!rule.is_object()) continue;
      ValidateFilterGroup(rule.as_object().if_contains("PatchFilterGroup"), os);
      // ApproveAfterDays and ApproveUntilDate are alternatives ("You can't specify both").
      if (rule.as_object().contains("ApproveAfterDays") &&
          rule.as_object().contains("ApproveUntilDate")) {
        Invalid("A patch rule can't specify both ApproveAfterDays and ApproveUntilDate.");
      }
    }
  }
}

// The members AWS answers for every baseline, with their defaults.
void SetDefaults(json::object& baseline) {
  const auto fallback = [&](std::string_view name, json::value value) {
    if (!baseline.contains(name)) baseline[name] = std::move(value);
  };
  fallback("GlobalFilters", json::object{{"PatchFilters", json::array{}}});
  fallback("ApprovalRules", json::object{{"PatchRules", json::array{}}});
  fallback("ApprovedPatches", json::array{});
  fallback("ApprovedPatchesComplianceLevel", "UNSPECIFIED");
  fallback("ApprovedPatchesEnableNonSecurity", false);
  fallback("RejectedPatches", json::array{});
  fallback("RejectedPatchesAction", "ALLOW_AS_DEPENDENCY");
  fallback("Sources", json::array{});
}

json::object FromCatalog(const AwsPatchBaseline& aws, std::string_view region) {
  json::object baseline{{"BaselineId", AwsPatchBaselineArn(aws, region)},
                        {"Name", aws.name},
                        {"OperatingSystem", aws.operating_system},
                        {"Description", aws.description},
                        {"ApprovalRules", json::parse(aws.approval_rules)},
                        {"CreatedMillis", kAwsBaselinesMillis},
                        {"ModifiedMillis", kAwsBaselinesMillis}};
  SetDefaults(baseline);
  return baseline;
}

json::object Identity(const json::object& baseline, bool is_default) {
  json::object out{{"BaselineId", baseline.at("BaselineId")},
                   {"BaselineName", baseline.at("Name")},
                   {"OperatingSystem", baseline.at("OperatingSystem")}};
  if (const json::value* d = baseline.if_contains("Description")) out["BaselineDescription"] = *d;
  out["DefaultBaseline"] = is_default;
  return out;
}

// A baseline as GetPatchBaseline and UpdatePatchBaseline answer it; GetPatchBaseline's answer
// also lists its `patch_groups`.
json::object BaselineJson(const json::object& baseline, std::optional<json::array> patch_groups) {
  json::object out = Pick(
      baseline, {"BaselineId", "Name", "OperatingSystem", "GlobalFilters", "ApprovalRules",
                 "ApprovedPatches", "ApprovedPatchesComplianceLevel",
                 "ApprovedPatchesEnableNonSecurity", "RejectedPatches", "RejectedPatchesAction"});
  if (patch_groups) out["PatchGroups"] = std::move(*patch_groups);
  out["CreatedDate"] = core::EpochSeconds(NumberOr(baseline, "CreatedMillis", 0));
  out["ModifiedDate"] = core::EpochSeconds(NumberOr(baseline, "ModifiedMillis", 0));
  for (std::string_view name :
       {"Description", "Sources", "AvailableSecurityUpdatesComplianceStatus"}) {
    if (const json::value* v = baseline.if_contains(name)) out[name] = *v;
  }
  return out;
}

}  // namespace

PatchBaselineProvider::PatchBaselineProvider(Runtime& rt)
    : baselines_(rt.db), tags_(rt.db), clock_(rt.clock), ids_(rt.ids) {
  using P = PatchBaselineProvider;
  Register("CreatePatchBaseline", &P::CreatePatchBaseline);
  Register("GetPatchBaseline", &P::GetPatchBaseline);
  Register("UpdatePatchBaseline", &P::UpdatePatchBaseline);
  Register("DeletePatchBaseline", &P::DeletePatchBaseline);
  Register("DescribePatchBaselines", &P::DescribePatchBaselines);
  Register("GetDefaultPatchBaseline", &P::GetDefaultPatchBaseline);
  Register("RegisterDefaultPatchBaseline", &P::RegisterDefaultPatchBaseline);
  Register("RegisterPatchBaselineForPatchGroup", &P::RegisterPatchBaselineForPatchGroup);
  Register("DeregisterPatchBaselineForPatchGroup", &P::DeregisterPatchBaselineForPatchGroup);
  Register("GetPatchBaselineForPatchGroup", &P::GetPatchBaselineForPatchGroup);
  Register("DescribePatchGroups", &P::DescribePatchGroups);
  Register("DescribePatchGroupState", &P::DescribePatchGroupState);
  Register("DescribeAvailablePatches", &P::DescribeAvailablePatches);
}

std::optional<json::object> PatchBaselineProvider::Lookup(store::Transaction& tx,
                                                          const RequestContext& ctx,
                                                          const std::string& id) {
  std::string own_id = id;
  if (core::StartsWith(id, "arn:")) {
    if (const AwsPatchBaseline* aws = FindAwsPatchBaseline(id, ctx.scope.region)) {
      return FromCatalog(*aws, ctx.scope.region);
    }
    const std::optional<core::ParsedArn> arn = core::ParseArn(id);
    if (!arn || arn->service != "ssm" || arn->account != ctx.scope.account ||
        arn->region != ctx.scope.region || !core::StartsWith(arn->resource, "patchbaseline/")) {
      return std::nullopt;
    }
    own_id = arn->resource.substr(14);
  }
  return baselines_.Find(tx, ctx.scope, own_id);
}

json::object PatchBaselineProvider::Require(store::Transaction& tx, const RequestContext& ctx,
                                            const std::string& id) {
  std::optional<json::object> baseline = Lookup(tx, ctx, id);
  if (!baseline) {
    throw AwsError("DoesNotExistException", "Patch Baseline " + id + " does not exist.");
  }
  return std::move(*baseline);
}

std::string PatchBaselineProvider::DefaultFor(store::Transaction& tx, const RequestContext& ctx,
                                              const std::string& os) {
  if (std::optional<std::string> id = baselines_.Default(tx, ctx.scope, os)) return *id;
  for (const AwsPatchBaseline& aws : AwsPatchBaselines()) {
    if (aws.operating_system == os) return AwsPatchBaselineArn(aws, ctx.scope.region);
  }
  return "";
}

json::value PatchBaselineProvider::CreatePatchBaseline(const RequestContext& ctx,
                                                       const json::object& in) {
  json::object baseline;
  baseline["OperatingSystem"] = OptString(in, "OperatingSystem").value_or("WINDOWS");
  Merge(in, baseline, kBaselineMembers, false);
  SetDefaults(baseline);
  ValidateBaseline(baseline);
  const std::optional<std::string> token = OptString(in, "ClientToken");
  store::Transaction tx = baselines_.Begin();
  if (token) {
    for (const json::object& existing : baselines_.List(tx, ctx.scope)) {
      if (StringOr(existing, "ClientToken", "") == *token) {
        return json::object{{"BaselineId", existing.at("BaselineId")}};
      }
    }
    baseline["ClientToken"] = *token;
  }
  const std::string id = "pb-" + ids_.Hex(17);
  const int64_t now = clock_.NowMillis();
  baseline["BaselineId"] = id;
  baseline["CreatedMillis"] = now;
  baseline["ModifiedMillis"] = now;
  baselines_.Put(tx, ctx.scope, id, baseline);
  tags_.Put(tx, ctx.scope, kPatchBaseline, id, services::ReadTagMap(in));
  tx.Commit();
  return json::object{{"BaselineId", id}};
}

json::value PatchBaselineProvider::GetPatchBaseline(const RequestContext& ctx,
                                                    const json::object& in) {
  store::Transaction tx = baselines_.Read();
  const json::object baseline = Require(tx, ctx, RequiredString(in, "BaselineId"));
  json::array groups;
  for (const PatchGroupMapping& m : baselines_.Groups(tx, ctx.scope)) {
    if (m.baseline_id == StringOr(baseline, "BaselineId", "")) groups.emplace_back(m.patch_group);
  }
  return BaselineJson(baseline, std::move(groups));
}

json::value PatchBaselineProvider::UpdatePatchBaseline(const RequestContext& ctx,
                                                       const json::object& in) {
  const std::string id = RequiredString(in, "BaselineId");
  const bool replace = BoolOr(in, "Replace", false);
  // With Replace, "all fields that are required by the CreatePatchBaseline operation are also
  // required for this API request": Name.
  if (replace && !OptString(in, "Name")) Invalid("Name is required when Replace is true.");
  store::Transaction tx = baselines_.Begin();
  json::object baseline = Require(tx, ctx, id);
  if (core::StartsWith(StringOr(baseline, "BaselineId", ""), "arn:")) {
    Invalid("The AWS-provided patch baseline " + id + " can't be changed.");
  }
  Merge(in, baseline, kBaselineMembers, replace);
  if (replace) {
    // Members left out fall back to what CreatePatchBaseline would have set.
    for (std::string_view name :
         {"GlobalFilters", "ApprovalRules", "ApprovedPatches", "ApprovedPatchesComplianceLevel",
          "ApprovedPatchesEnableNonSecurity", "RejectedPatches", "RejectedPatchesAction",
          "Sources"}) {
      if (!in.contains(name)) baseline.erase(name);
    }
  }
  SetDefaults(baseline);
  ValidateBaseline(baseline);
  baseline["ModifiedMillis"] = clock_.NowMillis();
  baselines_.Put(tx, ctx.scope, StringOr(baseline, "BaselineId", ""), baseline);
  tx.Commit();
  return BaselineJson(baseline, std::nullopt);
}

json::value PatchBaselineProvider::DeletePatchBaseline(const RequestContext& ctx,
                                                       const json::object& in) {
  // The operation lists no DoesNotExistException: deleting an unknown baseline answers its id.
  const std::string id = RequiredString(in, "BaselineId");
  store::Transaction tx = baselines_.Begin();
  const std::optional<json::object> baseline = Lookup(tx, ctx, id);
  if (baseline && !core::StartsWith(StringOr(*baseline, "BaselineId", ""), "arn:")) {
    const std::string own_id = StringOr(*baseline, "BaselineId", "");
    for (const PatchGroupMapping& m : baselines_.Groups(tx, ctx.scope)) {
      if (m.baseline_id == own_id) {
        throw AwsError(
            "ResourceInUseException",
            "Patch baseline " + own_id + " is registered for patch group " + m.patch_group + ".");
      }
    }
    const std::string os = StringOr(*baseline, "OperatingSystem", "");
    if (baselines_.Default(tx, ctx.scope, os) == own_id)
      baselines_.DeleteDefault(tx, ctx.scope, os);
    baselines_.Delete(tx, ctx.scope, own_id);
    tags_.RemoveAll(tx, ctx.scope, kPatchBaseline, own_id);
  }
  tx.Commit();
  return json::object{{"BaselineId", id}};
}

json::value PatchBaselineProvider::DescribePatchBaselines(const RequestContext& ctx,
                                                          const json::object& in) {
  std::vector<std::string> owners;
  std::vector<std::string> prefixes;
  std::vector<std::string> systems;
  FilterValues(in, "OWNER", owners);
  FilterValues(in, "NAME_PREFIX", prefixes);
  const bool by_os = FilterValues(in, "OPERATING_SYSTEM", systems);
  const auto wants_owner = [&](std::string_view owner) {
    return owners.empty() || std::find(owners.begin(), owners.end(), "All") != owners.end() ||
           std::find(owners.begin(), owners.end(), owner) != owners.end();
  };
  store::Transaction tx = baselines_.Read();
  std::vector<json::object> all;
  if (wants_owner("AWS")) {
    for (const AwsPatchBaseline& aws : AwsPatchBaselines()) {
      all.push_back(FromCatalog(aws, ctx.scope.region));
    }
  }
  if (wants_owner("Self")) {
    for (json::object& own : baselines_.List(tx, ctx.scope)) all.push_back(std::move(own));
  }
  std::vector<json::object> items;
  for (const json::object& baseline : all) {
    const std::string name = StringOr(baseline, "Name", "");
    const std::string os = StringOr(baseline, "OperatingSystem", "");
    if (!prefixes.empty() && std::none_of(prefixes.begin(), prefixes.end(), [&](const auto& p) {
          return core::StartsWith(name, p);
        })) {
      continue;
    }
    if (by_os && std::find(systems.begin(), systems.end(), os) == systems.end()) continue;
    items.push_back(
        Identity(baseline, DefaultFor(tx, ctx, os) == StringOr(baseline, "BaselineId", "")));
  }
  json::object out;
  out["BaselineIdentities"] = ListPage(in, "DescribePatchBaselines", std::move(items), 100, out);
  return out;
}

json::value PatchBaselineProvider::GetDefaultPatchBaseline(const RequestContext& ctx,
                                                           const json::object& in) {
  const std::string os = OptString(in, "OperatingSystem").value_or("WINDOWS");
  store::Transaction tx = baselines_.Read();
  return json::object{{"BaselineId", DefaultFor(tx, ctx, os)}, {"OperatingSystem", os}};
}

json::value PatchBaselineProvider::RegisterDefaultPatchBaseline(const RequestContext& ctx,
                                                                const json::object& in) {
  store::Transaction tx = baselines_.Begin();
  const json::object baseline = Require(tx, ctx, RequiredString(in, "BaselineId"));
  const std::string id = StringOr(baseline, "BaselineId", "");
  baselines_.PutDefault(tx, ctx.scope, StringOr(baseline, "OperatingSystem", ""), id);
  tx.Commit();
  return json::object{{"BaselineId", id}};
}

json::value PatchBaselineProvider::RegisterPatchBaselineForPatchGroup(const RequestContext& ctx,
                                                                      const json::object& in) {
  const std::string group = RequiredString(in, "PatchGroup");
  store::Transaction tx = baselines_.Begin();
  const json::object baseline = Require(tx, ctx, RequiredString(in, "BaselineId"));
  const std::string id = StringOr(baseline, "BaselineId", "");
  const std::string os = StringOr(baseline, "OperatingSystem", "");
  for (const PatchGroupMapping& m : baselines_.Groups(tx, ctx.scope)) {
    if (m.patch_group == group && m.operating_system == os) {
      throw AwsError("AlreadyExistsException",
                     "Patch Group baseline already has a baseline "
                     "registered for OperatingSystem " +
                         os + ".");
    }
  }
  baselines_.PutGroup(tx, ctx.scope, {group, os, id});
  tx.Commit();
  return json::object{{"BaselineId", id}, {"PatchGroup", group}};
}

json::value PatchBaselineProvider::DeregisterPatchBaselineForPatchGroup(const RequestContext& ctx,
                                                                        const json::object& in) {
  const std::string group = RequiredString(in, "PatchGroup");
  const std::string id = RequiredString(in, "BaselineId");
  store::Transaction tx = baselines_.Begin();
  const std::optional<json::object> baseline = Lookup(tx, ctx, id);
  const std::string answered = baseline ? StringOr(*baseline, "BaselineId", "") : id;
  for (const PatchGroupMapping& m : baselines_.Groups(tx, ctx.scope)) {
    if (m.patch_group == group && m.baseline_id == answered) {
      baselines_.DeleteGroup(tx, ctx.scope, group, m.operating_system);
      tx.Commit();
      return json::object{{"BaselineId", answered}, {"PatchGroup", group}};
    }
  }
  throw AwsError("InvalidResourceId",
                 "Patch group " + group + " is not registered with patch baseline " + id + ".");
}

json::value PatchBaselineProvider::GetPatchBaselineForPatchGroup(const RequestContext& ctx,
                                                                 const json::object& in) {
  const std::string group = RequiredString(in, "PatchGroup");
  const std::string os = OptString(in, "OperatingSystem").value_or("WINDOWS");
  store::Transaction tx = baselines_.Read();
  std::string id;
  for (const PatchGroupMapping& m : baselines_.Groups(tx, ctx.scope)) {
    if (m.patch_group == group && m.operating_system == os) id = m.baseline_id;
  }
  // A patch group without a baseline of its own is patched with the default one (README).
  if (id.empty()) id = DefaultFor(tx, ctx, os);
  return json::object{{"BaselineId", id}, {"PatchGroup", group}, {"OperatingSystem", os}};
}

json::value PatchBaselineProvider::DescribePatchGroups(const RequestContext& ctx,
                                                       const json::object& in) {
  std::vector<std::string> prefixes;
  std::vector<std::string> systems;
  FilterValues(in, "NAME_PREFIX", prefixes);
  const bool by_os = FilterValues(in, "OPERATING_SYSTEM", systems);
  store::Transaction tx = baselines_.Read();
  std::vector<json::object> items;
  for (const PatchGroupMapping& m : baselines_.Groups(tx, ctx.scope)) {
    if (!prefixes.empty() && std::none_of(prefixes.begin(), prefixes.end(), [&](const auto& p) {
          return core::StartsWith(m.patch_group, p);
        })) {
      continue;
    }
    if (by_os && std::find(systems.begin(), systems.end(), m.operating_system) == systems.end()) {
      continue;
    }
    const std::optional<json::object> baseline = Lookup(tx, ctx, m.baseline_id);
    if (!baseline) continue;
    items.push_back(json::object{
        {"PatchGroup", m.patch_group},
        {"BaselineIdentity",
         Identity(*baseline, DefaultFor(tx, ctx, m.operating_system) == m.baseline_id)}});
  }
  json::object out;
  out["Mappings"] = ListPage(in, "DescribePatchGroups", std::move(items), 100, out);
  return out;
}

json::value PatchBaselineProvider::DescribePatchGroupState(const RequestContext& /*ctx*/,
                                                           const json::object& /*in*/) {
  // No node reports patch states to nimbus: every count is zero (README).
  json::object out;
  for (std::string_view name :
       {"Instances", "InstancesWithInstalledPatches", "InstancesWithInstalledOtherPatches",
        "InstancesWithInstalledPendingRebootPatches", "InstancesWithInstalledRejectedPatches",
        "InstancesWithMissingPatches", "InstancesWithFailedPatches",
        "InstancesWithNotApplicablePatches", "InstancesWithUnreportedNotApplicablePatches",
        "InstancesWithCriticalNonCompliantPatches", "InstancesWithSecurityNonCompliantPatches",
        "InstancesWithOtherNonCompliantPatches", "InstancesWithAvailableSecurityUpdates"}) {
    out[name] = 0;
  }
  return out;
}

json::value PatchBaselineProvider::DescribeAvailablePatches(const RequestContext& /*ctx*/,
                                                            const json::object& /*in*/) {
  // nimbus has no catalog of patches: none is available (README).
  return json::object{{"Patches", json::array{}}};
}

}  // namespace nimbus::ssm
