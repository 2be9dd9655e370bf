// Policies (SCPs, RCPs, tag, backup, AI services opt-out, ... policies), their attachments to
// roots, OUs and accounts, and the effective management policy of an account.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/organizations/org_internal.h"
#include "services/organizations/organizations_provider.h"
#include "services/organizations/policy_content.h"

namespace nimbus::organizations {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::IsAccountId;
using internal::OrgsArn;
using internal::Page;
using internal::ReadPage;
using internal::ReadTags;
using store::Transaction;

namespace {

// A policy as the API shows it: a customer managed one from the store, or an AWS managed one.
struct AnyPolicy {
  PolicyRecord record;
  bool aws_managed = false;
};

AnyPolicy FromManaged(const ManagedPolicy& p) {
  return {.record = {.id = std::string(p.id),
                     .name = std::string(p.name),
                     .description = std::string(p.description),
                     .type = std::string(p.type),
                     .content = std::string(p.content)},
          .aws_managed = true};
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// arn:<partition>:organizations::<management account>:policy/o-.../<type>/p-..., or for an AWS
// managed policy arn:<partition>:organizations::aws:policy/<type>/p-...
std::string PolicyArn(const OrgRecord& org, const AnyPolicy& p, std::string_view region) {
  const std::string type = Lower(p.record.type);
  if (p.aws_managed) {
    return core::GlobalArn({.account = "aws", .region = std::string(region)}, "organizations",
                           "policy/" + type + "/" + p.record.id);
  }
  return OrgsArn(org, region, "policy/" + org.id + "/" + type + "/" + p.record.id);
}

json::object SummaryJson(const OrgRecord& org, const AnyPolicy& p, std::string_view region) {
  return {{"Id", p.record.id},     {"Arn", PolicyArn(org, p, region)},
          {"Name", p.record.name}, {"Description", p.record.description},
          {"Type", p.record.type}, {"AwsManaged", p.aws_managed}};
}

json::object PolicyJson(const OrgRecord& org, const AnyPolicy& p, std::string_view region) {
  return {{"PolicySummary", SummaryJson(org, p, region)}, {"Content", p.record.content}};
}

[[noreturn]] void PolicyNotFound() {
  throw AwsError("PolicyNotFoundException",
                 "We can't find a policy with the PolicyId that you specified.");
}

[[noreturn]] void TargetNotFound() {
  throw AwsError("TargetNotFoundException",
                 "We can't find a root, OU, account, or policy with the TargetId that you "
                 "specified.");
}

[[noreturn]] void ImmutablePolicy() {
  throw AwsError("InvalidInputException",
                 "You specified a policy that is managed by AWS and can't be modified.")
      .With("Reason", "IMMUTABLE_POLICY");
}

// Size first, then syntax, as the content of `type` must be.
void CheckContent(std::string_view type, std::string_view content) {
  if (content.size() > MaxPolicySize(type)) {
    throw AwsError("ConstraintViolationException",
                   "You attempted to create a policy larger than the maximum size.")
        .With("Reason", "POLICY_CONTENT_LIMIT_EXCEEDED");
  }
  if (PolicyContentProblem(type, content)) {
    throw AwsError("MalformedPolicyDocumentException",
                   "The provided policy document does not meet the requirements of the "
                   "specified policy type.");
  }
}

}  // namespace

void OrganizationsProvider::RegisterPolicyOperations() {
  Register("CreatePolicy", &OrganizationsProvider::CreatePolicy);
  Register("DescribePolicy", &OrganizationsProvider::DescribePolicy);
  Register("UpdatePolicy", &OrganizationsProvider::UpdatePolicy);
  Register("DeletePolicy", &OrganizationsProvider::DeletePolicy);
  Register("ListPolicies", &OrganizationsProvider::ListPolicies);
  Register("AttachPolicy", &OrganizationsProvider::AttachPolicy);
  Register("DetachPolicy", &OrganizationsProvider::DetachPolicy);
  Register("ListPoliciesForTarget", &OrganizationsProvider::ListPoliciesForTarget);
  Register("ListTargetsForPolicy", &OrganizationsProvider::ListTargetsForPolicy);
  Register("DescribeEffectivePolicy", &OrganizationsProvider::DescribeEffectivePolicy);
}

void OrganizationsProvider::AttachManagedPolicies(Transaction& tx, const OrgRecord& org,
                                                  std::string_view target_id, int64_t now_millis) {
  for (const std::string& type : store_.PolicyTypes(tx, org.id)) {
    if (const ManagedPolicy* managed = ManagedPolicyOfType(type)) {
      policies_.Attach(tx, org.id,
                       {.policy_id = std::string(managed->id),
                        .target_id = std::string(target_id),
                        .policy_type = type,
                        .attached_millis = now_millis});
    }
  }
}

namespace {

std::optional<AnyPolicy> FindAnyPolicy(PolicyStore& policies, Transaction& tx, const OrgRecord& org,
                                       std::string_view id) {
  if (const ManagedPolicy* managed = FindManagedPolicy(id)) return FromManaged(*managed);
  std::optional<PolicyRecord> record = policies.FindPolicy(tx, org.id, id);
  if (!record) return std::nullopt;
  return AnyPolicy{.record = std::move(*record), .aws_managed = false};
}

AnyPolicy RequirePolicy(PolicyStore& policies, Transaction& tx, const OrgRecord& org,
                        std::string_view id) {
  std::optional<AnyPolicy> policy = FindAnyPolicy(policies, tx, org, id);
  if (!policy) PolicyNotFound();
  return *std::move(policy);
}

// A root, OU or account of `org` as ListTargetsForPolicy shows it, or nullopt.
std::optional<json::object> TargetJson(OrgStore& store, Transaction& tx, const OrgRecord& org,
                                       std::string_view target_id, std::string_view region) {
  const std::string id(target_id);
  if (target_id == org.root_id) {
    return json::object{{"TargetId", id},
                        {"Arn", OrgsArn(org, region, "root/" + org.id + "/" + id)},
                        {"Name", "Root"},
                        {"Type", "ROOT"}};
  }
  if (IsAccountId(target_id)) {
    std::optional<AccountRecord> account = store.FindAccount(tx, org.id, target_id);
    if (!account) return std::nullopt;
    return json::object{{"TargetId", id},
                        {"Arn", OrgsArn(org, region, "account/" + org.id + "/" + id)},
                        {"Name", account->name},
                        {"Type", "ACCOUNT"}};
  }
  if (!core::StartsWith(target_id, "ou-")) return std::nullopt;
  std::optional<OuRecord> ou = store.FindOu(tx, org.id, target_id);
  if (!ou) return std::nullopt;
  return json::object{{"TargetId", id},
                      {"Arn", OrgsArn(org, region, "ou/" + org.id + "/" + id)},
                      {"Name", ou->name},
                      {"Type", "ORGANIZATIONAL_UNIT"}};
}

bool TypeEnabled(OrgStore& store, Transaction& tx, const OrgRecord& org, std::string_view type) {
  const std::vector<std::string> types = store.PolicyTypes(tx, org.id);
  return std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace

json::value OrganizationsProvider::CreatePolicy(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string content = RequiredString(in, "Content");
  const std::string description = RequiredString(in, "Description");
  const std::string name = RequiredString(in, "Name");
  const std::string type = RequiredString(in, "Type");
  const std::vector<Tag> tags = ReadTags(in);
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (org.feature_set != "ALL") {
    throw AwsError("PolicyTypeNotAvailableForOrganizationException",
                   "You can't use the specified policy type with the feature set currently "
                   "enabled for this organization.");
  }
  CheckContent(type, content);
  if (policies_.FindPolicyByName(tx, org.id, type, name)) {
    throw AwsError("DuplicatePolicyException", "A policy with the same name already exists.");
  }
  AnyPolicy policy{.record = {.id = "p-" + rt_.ids.LowerAlnum(8),
                              .org_id = org.id,
                              .name = name,
                              .description = description,
                              .type = type,
                              .content = content,
                              .updated_millis = ctx.now_millis}};
  policies_.InsertPolicy(tx, policy.record);
  for (const Tag& tag : tags) store_.PutTag(tx, org.id, policy.record.id, tag);
  tx.Commit();
  return json::object{{"Policy", PolicyJson(org, policy, ctx.scope.region)}};
}

json::value OrganizationsProvider::DescribePolicy(const core::RequestContext& ctx,
                                                  const json::object& in) {
  const std::string policy_id = RequiredString(in, "PolicyId");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  const AnyPolicy policy = RequirePolicy(policies_, tx, org, policy_id);
  return json::object{{"Policy", PolicyJson(org, policy, ctx.scope.region)}};
}

json::value OrganizationsProvider::UpdatePolicy(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string policy_id = RequiredString(in, "PolicyId");
  const std::optional<std::string> name = OptString(in, "Name");
  const std::optional<std::string> description = OptString(in, "Description");
  const std::optional<std::string> content = OptString(in, "Content");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  AnyPolicy policy = RequirePolicy(policies_, tx, org, policy_id);
  if (policy.aws_managed) ImmutablePolicy();
  PolicyRecord& record = policy.record;
  if (content) {
    CheckContent(record.type, *content);
    record.content = *content;
  }
  if (name && *name != record.name) {
    if (policies_.FindPolicyByName(tx, org.id, record.type, *name)) {
      throw AwsError("DuplicatePolicyException", "A policy with the same name already exists.");
    }
    record.name = *name;
  }
  if (description) record.description = *description;
  record.updated_millis = ctx.now_millis;
  policies_.UpdatePolicy(tx, record);
  tx.Commit();
  return json::object{{"Policy", PolicyJson(org, policy, ctx.scope.region)}};
}

json::value OrganizationsProvider::DeletePolicy(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string policy_id = RequiredString(in, "PolicyId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  const AnyPolicy policy = RequirePolicy(policies_, tx, org, policy_id);
  if (policy.aws_managed) ImmutablePolicy();
  if (policies_.InUse(tx, org.id, policy_id)) {
    throw AwsError("PolicyInUseException",
                   "The policy is attached to one or more entities. You must detach it from all "
                   "roots, OUs, and accounts before performing this operation.");
  }
  policies_.DeletePolicy(tx, org.id, policy_id);
  for (const Tag& tag : store_.ListTags(tx, org.id, policy_id, "", 1000)) {
    store_.DeleteTag(tx, org.id, policy_id, tag.key);
  }
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListPolicies(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string type = RequiredString(in, "Filter");
  const Page page = ReadPage(in, "ListPolicies");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::vector<AnyPolicy> rows;
  // The AWS managed policy of the type is listed with the customer's, in id order.
  if (const ManagedPolicy* managed = ManagedPolicyOfType(type);
      managed && managed->id > page.after) {
    rows.push_back(FromManaged(*managed));
  }
  for (PolicyRecord& record :
       policies_.ListPolicies(tx, org.id, type, page.after, page.limit + 1)) {
    rows.push_back({.record = std::move(record)});
  }
  std::sort(rows.begin(), rows.end(),
            [](const AnyPolicy& a, const AnyPolicy& b) { return a.record.id < b.record.id; });
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const AnyPolicy& p) { return p.record.id; });
  json::array list;
  for (const AnyPolicy& p : rows) list.push_back(SummaryJson(org, p, ctx.scope.region));
  out["Policies"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::AttachPolicy(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string policy_id = RequiredString(in, "PolicyId");
  const std::string target_id = RequiredString(in, "TargetId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  const AnyPolicy policy = RequirePolicy(policies_, tx, org, policy_id);
  if (!TargetJson(store_, tx, org, target_id, ctx.scope.region)) TargetNotFound();
  const std::string& type = policy.record.type;
  if (!TypeEnabled(store_, tx, org, type)) {
    throw AwsError("PolicyTypeNotEnabledException",
                   "This operation can be performed only for enabled policy types.");
  }
  const int64_t attached = policies_.CountAttached(tx, org.id, target_id, type);
  if (!policies_.Attach(tx, org.id,
                        {.policy_id = policy_id,
                         .target_id = target_id,
                         .policy_type = type,
                         .attached_millis = ctx.now_millis})) {
    throw AwsError("DuplicatePolicyAttachmentException",
                   "The selected policy is already attached to the specified target.");
  }
  if (attached >= MaxAttachments(type)) {
    throw AwsError("ConstraintViolationException",
                   "You attempted to attach a policy to an entity that would cause the entity "
                   "to have more than the maximum number of policies of a certain type.")
        .With("Reason", "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
  }
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::DetachPolicy(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string policy_id = RequiredString(in, "PolicyId");
  const std::string target_id = RequiredString(in, "TargetId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  const AnyPolicy policy = RequirePolicy(policies_, tx, org, policy_id);
  if (!TargetJson(store_, tx, org, target_id, ctx.scope.region)) TargetNotFound();
  const std::string& type = policy.record.type;
  // RCPFullAWSAccess stays attached wherever RCPs are enabled.
  if (policy.aws_managed && type == "RESOURCE_CONTROL_POLICY") {
    throw AwsError("InvalidInputException", "You can't detach this AWS Managed Policy.")
        .With("Reason", "NON_DETACHABLE_POLICY");
  }
  if (!policies_.Detach(tx, org.id, policy_id, target_id)) {
    throw AwsError("PolicyNotAttachedException",
                   "The policy isn't attached to the specified target in the specified root.");
  }
  // Every root, OU and account keeps at least one SCP while SCPs are enabled.
  if (type == "SERVICE_CONTROL_POLICY" &&
      policies_.CountAttached(tx, org.id, target_id, type) == 0) {
    throw AwsError("ConstraintViolationException",
                   "You attempted to detach a policy from an entity that would cause the entity "
                   "to have fewer than the minimum number of policies of a certain type required.")
        .With("Reason", "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
  }
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListPoliciesForTarget(const core::RequestContext& ctx,
                                                         const json::object& in) {
  const std::string target_id = RequiredString(in, "TargetId");
  const std::string type = RequiredString(in, "Filter");
  const Page page = ReadPage(in, "ListPoliciesForTarget");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  if (!TargetJson(store_, tx, org, target_id, ctx.scope.region)) TargetNotFound();
  std::vector<Attachment> rows =
      policies_.ListForTarget(tx, org.id, target_id, type, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const Attachment& a) { return a.policy_id; });
  json::array list;
  for (const Attachment& a : rows) {
    if (std::optional<AnyPolicy> p = FindAnyPolicy(policies_, tx, org, a.policy_id)) {
      list.push_back(SummaryJson(org, *p, ctx.scope.region));
    }
  }
  out["Policies"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::ListTargetsForPolicy(const core::RequestContext& ctx,
                                                        const json::object& in) {
  const std::string policy_id = RequiredString(in, "PolicyId");
  const Page page = ReadPage(in, "ListTargetsForPolicy");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  RequirePolicy(policies_, tx, org, policy_id);
  std::vector<Attachment> rows =
      policies_.ListTargets(tx, org.id, policy_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const Attachment& a) { return a.target_id; });
  json::array list;
  for (const Attachment& a : rows) {
    if (auto target = TargetJson(store_, tx, org, a.target_id, ctx.scope.region)) {
      list.push_back(std::move(*target));
    }
  }
  out["Targets"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::DescribeEffectivePolicy(const core::RequestContext& ctx,
                                                           const json::object& in) {
  const std::string type = RequiredString(in, "PolicyType");
  const std::string target_id = OptString(in, "TargetId").value_or(ctx.scope.account);
  Transaction tx = store_.Read();
  OrgRecord org = RequireOrg(tx, ctx);
  // A member sees its own effective policy; the management account (and delegated
  // administrators) any account's.
  if (target_id != ctx.scope.account) RequireManagementOrDelegate(tx, ctx);
  std::optional<AccountRecord> account;
  if (IsAccountId(target_id)) account = store_.FindAccount(tx, org.id, target_id);
  if (!account) {
    if (!TargetJson(store_, tx, org, target_id, ctx.scope.region)) TargetNotFound();
    throw AwsError("InvalidInputException",
                   "You can't perform the specified operation on that target entity.")
        .With("Reason", "TARGET_NOT_SUPPORTED");
  }
  // The chain of containers from the account up to the root, then applied root first.
  std::vector<std::string> chain = {account->id};
  for (std::string parent = account->parent_id; !parent.empty();) {
    chain.push_back(parent);
    std::optional<OuRecord> ou = store_.FindOu(tx, org.id, parent);
    parent = ou ? ou->parent_id : "";
  }
  std::reverse(chain.begin(), chain.end());
  std::vector<std::string> contents;
  int64_t updated = 0;
  for (const std::string& level : chain) {
    for (const Attachment& a : policies_.ListForTarget(tx, org.id, level, type, "", 1000)) {
      std::optional<PolicyRecord> p = policies_.FindPolicy(tx, org.id, a.policy_id);
      if (!p) continue;
      contents.push_back(p->content);
      updated = std::max({updated, p->updated_millis, a.attached_millis});
    }
  }
  if (contents.empty()) {
    throw AwsError("EffectivePolicyNotFoundException",
                   "We can't find an effective policy of the specified type.");
  }
  return json::object{
      {"EffectivePolicy", json::object{{"PolicyContent", EffectivePolicyContent(contents)},
                                       {"LastUpdatedTimestamp", EpochSeconds(updated)},
                                       {"TargetId", target_id},
                                       {"PolicyType", type}}}};
}

}  // namespace nimbus::organizations
