// Roots, organizational units and the policy types enabled in the root.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/organizations/org_internal.h"
#include "services/organizations/organizations_provider.h"
#include "services/organizations/policy_content.h"

namespace nimbus::organizations {

namespace json = boost::json;
using core::AwsError;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::IsAccountId;
using internal::OrgsArn;
using internal::Page;
using internal::ReadPage;
using internal::ReadTags;
using store::Transaction;

namespace {

[[noreturn]] void OuNotFound() {
  throw AwsError("OrganizationalUnitNotFoundException",
                 "You specified an organizational unit that doesn't exist.");
}

[[noreturn]] void DuplicateOu() {
  throw AwsError("DuplicateOrganizationalUnitException",
                 "An OU with the same name already exists.");
}

[[noreturn]] void RootNotFound() {
  throw AwsError("RootNotFoundException",
                 "We can't find a root with the RootId that you specified.");
}

}  // namespace

json::object OrganizationsProvider::OuJson(const OrgRecord& org, const OuRecord& ou,
                                           std::string_view region) const {
  return {{"Id", ou.id},
          {"Arn", OrgsArn(org, region, "ou/" + org.id + "/" + ou.id)},
          {"Name", ou.name}};
}

json::object OrganizationsProvider::RootJson(Transaction& tx, const OrgRecord& org,
                                             std::string_view region) {
  json::array types;
  for (const std::string& type : store_.PolicyTypes(tx, org.id)) {
    types.push_back(json::object{{"Type", type}, {"Status", "ENABLED"}});
  }
  return {{"Id", org.root_id},
          {"Arn", OrgsArn(org, region, "root/" + org.id + "/" + org.root_id)},
          {"Name", "Root"},
          {"PolicyTypes", std::move(types)}};
}

json::value OrganizationsProvider::ListRoots(const core::RequestContext& ctx,
                                             const json::object& in) {
  const Page page = ReadPage(in, "ListRoots");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  json::array roots;
  if (page.after.empty()) roots.push_back(RootJson(tx, org, ctx.scope.region));
  return json::object{{"Roots", std::move(roots)}};
}

json::value OrganizationsProvider::CreateOrganizationalUnit(const core::RequestContext& ctx,
                                                            const json::object& in) {
  const std::string parent_id = RequiredString(in, "ParentId");
  const std::string name = RequiredString(in, "Name");
  const std::vector<Tag> tags = ReadTags(in);
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  RequireParent(tx, org, parent_id);
  if (store_.FindOuByName(tx, org.id, parent_id, name)) DuplicateOu();
  OuRecord ou{.id = "ou-" + org.root_id.substr(2) + "-" + rt_.ids.LowerAlnum(8),
              .org_id = org.id,
              .parent_id = parent_id,
              .name = name};
  store_.InsertOu(tx, ou);
  for (const Tag& tag : tags) store_.PutTag(tx, org.id, ou.id, tag);
  AttachManagedPolicies(tx, org, ou.id, ctx.now_millis);
  tx.Commit();
  return json::object{{"OrganizationalUnit", OuJson(org, ou, ctx.scope.region)}};
}

json::value OrganizationsProvider::DescribeOrganizationalUnit(const core::RequestContext& ctx,
                                                              const json::object& in) {
  const std::string ou_id = RequiredString(in, "OrganizationalUnitId");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::optional<OuRecord> ou = store_.FindOu(tx, org.id, ou_id);
  if (!ou) OuNotFound();
  return json::object{{"OrganizationalUnit", OuJson(org, *ou, ctx.scope.region)}};
}

json::value OrganizationsProvider::UpdateOrganizationalUnit(const core::RequestContext& ctx,
                                                            const json::object& in) {
  const std::string ou_id = RequiredString(in, "OrganizationalUnitId");
  const std::optional<std::string> name = OptString(in, "Name");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  std::optional<OuRecord> ou = store_.FindOu(tx, org.id, ou_id);
  if (!ou) OuNotFound();
  if (name && *name != ou->name) {
    if (store_.FindOuByName(tx, org.id, ou->parent_id, *name)) DuplicateOu();
    store_.RenameOu(tx, org.id, ou_id, *name);
    ou->name = *name;
  }
  tx.Commit();
  return json::object{{"OrganizationalUnit", OuJson(org, *ou, ctx.scope.region)}};
}

json::value OrganizationsProvider::DeleteOrganizationalUnit(const core::RequestContext& ctx,
                                                            const json::object& in) {
  const std::string ou_id = RequiredString(in, "OrganizationalUnitId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (!store_.FindOu(tx, org.id, ou_id)) OuNotFound();
  if (store_.HasChildren(tx, org.id, ou_id)) {
    throw AwsError("OrganizationalUnitNotEmptyException",
                   "The specified OU is not empty. Move all accounts to another root or to "
                   "other OUs, remove all child OUs, and try the operation again.");
  }
  store_.DeleteOu(tx, org.id, ou_id);
  policies_.ForgetTarget(tx, org.id, ou_id);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListOrganizationalUnitsForParent(const core::RequestContext& ctx,
                                                                    const json::object& in) {
  const std::string parent_id = RequiredString(in, "ParentId");
  const Page page = ReadPage(in, "ListOrganizationalUnitsForParent");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  RequireParent(tx, org, parent_id);
  std::vector<OuRecord> rows = store_.ListOus(tx, org.id, parent_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const OuRecord& ou) { return ou.id; });
  json::array list;
  for (const auto& ou : rows) list.push_back(OuJson(org, ou, ctx.scope.region));
  out["OrganizationalUnits"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::ListParents(const core::RequestContext& ctx,
                                               const json::object& in) {
  const std::string child_id = RequiredString(in, "ChildId");
  ReadPage(in, "ListParents");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::optional<std::string> parent;
  if (IsAccountId(child_id)) {
    if (auto account = store_.FindAccount(tx, org.id, child_id)) parent = account->parent_id;
  } else if (auto ou = store_.FindOu(tx, org.id, child_id)) {
    parent = ou->parent_id;
  }
  if (!parent) {
    throw AwsError("ChildNotFoundException",
                   "We can't find an organizational unit (OU) or AWS account with the ChildId "
                   "that you specified.");
  }
  json::object entry{{"Id", *parent},
                     {"Type", core::StartsWith(*parent, "r-") ? "ROOT" : "ORGANIZATIONAL_UNIT"}};
  return json::object{{"Parents", json::array{entry}}};
}

json::value OrganizationsProvider::ListChildren(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string parent_id = RequiredString(in, "ParentId");
  const std::string type = RequiredString(in, "ChildType");
  const Page page = ReadPage(in, "ListChildren");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  RequireParent(tx, org, parent_id);
  json::object out;
  json::array list;
  if (type == "ACCOUNT") {
    std::vector<AccountRecord> rows =
        store_.ListAccountsForParent(tx, org.id, parent_id, page.after, page.limit + 1);
    services::FinishKeysetPage(rows, page, out, [](const AccountRecord& a) { return a.id; });
    for (const auto& a : rows) list.push_back(json::object{{"Id", a.id}, {"Type", "ACCOUNT"}});
  } else {
    std::vector<OuRecord> rows = store_.ListOus(tx, org.id, parent_id, page.after, page.limit + 1);
    services::FinishKeysetPage(rows, page, out, [](const OuRecord& ou) { return ou.id; });
    for (const auto& ou : rows) {
      list.push_back(json::object{{"Id", ou.id}, {"Type", "ORGANIZATIONAL_UNIT"}});
    }
  }
  out["Children"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::EnablePolicyType(const core::RequestContext& ctx,
                                                    const json::object& in) {
  const std::string root_id = RequiredString(in, "RootId");
  const std::string type = RequiredString(in, "PolicyType");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (root_id != org.root_id) RootNotFound();
  if (org.feature_set != "ALL") {
    throw AwsError("PolicyTypeNotAvailableForOrganizationException",
                   "You can't use the specified policy type with the feature set currently "
                   "enabled for this organization.");
  }
  if (!store_.SetPolicyType(tx, org.id, type, true)) {
    throw AwsError("PolicyTypeAlreadyEnabledException",
                   "The specified policy type is already enabled.");
  }
  // AWS attaches its FullAWSAccess (RCPFullAWSAccess) policy everywhere when SCPs (RCPs) are
  // enabled, so that enabling them denies nothing.
  if (const ManagedPolicy* managed = ManagedPolicyOfType(type)) {
    policies_.AttachToAll(tx, org.id, org.root_id,
                          {.policy_id = std::string(managed->id),
                           .policy_type = type,
                           .attached_millis = ctx.now_millis});
  }
  json::object root = RootJson(tx, org, ctx.scope.region);
  tx.Commit();
  return json::object{{"Root", std::move(root)}};
}

json::value OrganizationsProvider::DisablePolicyType(const core::RequestContext& ctx,
                                                     const json::object& in) {
  const std::string root_id = RequiredString(in, "RootId");
  const std::string type = RequiredString(in, "PolicyType");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (root_id != org.root_id) RootNotFound();
  if (!store_.SetPolicyType(tx, org.id, type, false)) {
    throw AwsError("PolicyTypeNotEnabledException",
                   "This operation can be performed only for enabled policy types.");
  }
  policies_.DetachType(tx, org.id, type);  // AWS detaches the type's policies from every target
  json::object root = RootJson(tx, org, ctx.scope.region);
  tx.Commit();
  return json::object{{"Root", std::move(root)}};
}

}  // namespace nimbus::organizations
