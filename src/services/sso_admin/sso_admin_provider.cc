#include "services/sso_admin/sso_admin_provider.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <system_error>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"

namespace nimbus::sso_admin {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::IntOr;
using core::protocol::OptArray;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

constexpr std::string_view kOrgInstanceMarker = "nimbus:organization-instance";
// https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html
constexpr int64_t kMaxPermissionSetsPerInstance = 2000;
constexpr int64_t kMaxPoliciesPerPermissionSet = 20;
constexpr size_t kMaxTagsPerResource = 75;
// The SessionDuration pattern uses a lookahead, which RE2 cannot check; we check it here.
constexpr std::string_view kDurationPattern =
    "(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+"
    "("
    "?:\\.\\d+)?)S)?)?";

// The sequence number a NextToken of listing `kind` (the operation) stands for; 0 without one.
int64_t DecodeToken(const json::object& in, std::string_view kind) {
  const std::optional<std::string> position = services::ReadPageToken(in, "NextToken", kind);
  int64_t after = 0;
  if (!position) core::ValidationFailed("The NextToken is invalid.");
  if (!position->empty()) {
    const char* end = position->data() + position->size();
    const auto [ptr, ec] = std::from_chars(position->data(), end, after);
    if (ec != std::errc() || ptr != end) core::ValidationFailed("The NextToken is invalid.");
  }
  return after;
}

int64_t Limit(const json::object& in, int64_t fallback, int64_t cap = 100) {
  return std::clamp<int64_t>(IntOr(in, "MaxResults", fallback), 1, cap);
}

template <typename T>
void AddNextToken(json::object& out, const Page<T>& page, std::string_view kind) {
  if (page.next_after) {
    out["NextToken"] = services::EncodePageToken(kind, std::to_string(*page.next_after));
  }
}

// arn:<partition>:sso:::instance/ssoins-<16 hex>: no region, no account, as AWS writes them.
std::string NewInstanceArn(const core::Scope& scope, std::string_view instance_id) {
  return core::GlobalArn({.account = "", .region = scope.region}, "sso",
                         "instance/" + std::string(instance_id));
}

// arn:<partition>:sso:::permissionSet/ssoins-<16 hex>/ps-<16 hex>
std::string NewPermissionSetArn(const core::Scope& scope, std::string_view instance_id,
                                std::string_view ps_id) {
  return core::GlobalArn({.account = "", .region = scope.region}, "sso",
                         "permissionSet/" + std::string(instance_id) + "/" + std::string(ps_id));
}

// "ssoins-0123456789abcdef" from an instance ARN.
std::string InstanceId(std::string_view instance_arn) {
  return std::string(instance_arn.substr(instance_arn.rfind('/') + 1));
}

// The instance ARN a permission set ARN belongs to, or "" if it is not a permission set ARN.
std::string InstanceOfPermissionSet(std::string_view ps_arn) {
  const size_t at = ps_arn.find(":permissionSet/");
  if (at == std::string_view::npos) return "";
  const std::string_view rest = ps_arn.substr(at + 15);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return "";
  return std::string(ps_arn.substr(0, at)) + ":instance/" + std::string(rest.substr(0, slash));
}

std::string PermissionSetId(std::string_view ps_arn) {
  return std::string(ps_arn.substr(ps_arn.rfind('/') + 1));
}

// Seconds of an ISO 8601 duration as the SessionDuration pattern allows it, or nullopt.
std::optional<double> ParseDuration(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  if (i >= text.size() || text[i] != 'P') return std::nullopt;
  ++i;
  // Lookahead of the pattern: a digit, or T followed by a digit.
  if (i >= text.size() || !(std::isdigit(static_cast<unsigned char>(text[i])) ||
                            (text[i] == 'T' && i + 1 < text.size() &&
                             std::isdigit(static_cast<unsigned char>(text[i + 1]))))) {
    return std::nullopt;
  }
  double total = 0;
  bool in_time = false;
  size_t stage = 0;  // index into the allowed designators, so they come in order
  while (i < text.size()) {
    if (text[i] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      stage = 0;
      ++i;
      if (i >= text.size()) return std::nullopt;
      continue;
    }
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) return std::nullopt;
    bool fraction = false;
    if (i < text.size() && text[i] == '.') {
      fraction = true;
      ++i;
      const size_t frac_start = i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i == frac_start) return std::nullopt;
    }
    if (i >= text.size()) return std::nullopt;
    const double value = std::stod(std::string(text.substr(start, i - start)));
    const char unit = text[i++];
    const std::string_view units = in_time ? std::string_view("HMS") : std::string_view("YMDW");
    const size_t pos = units.find(unit);
    if (pos == std::string_view::npos || pos < stage) return std::nullopt;
    if (fraction && !(in_time && unit == 'S')) return std::nullopt;
    // D and W share one slot in the pattern.
    stage = (!in_time && (unit == 'D' || unit == 'W')) ? 4 : pos + 1;
    if (in_time) {
      total += value * (unit == 'H' ? 3600 : unit == 'M' ? 60 : 1);
    } else {
      total += value * 86400 * (unit == 'Y' ? 365 : unit == 'M' ? 30 : unit == 'W' ? 7 : 1);
    }
  }
  return negative ? -total : total;
}

void ValidateSessionDuration(const std::string& duration) {
  const std::optional<double> seconds = ParseDuration(duration);
  if (!seconds) {
    core::ValidationFailed("1 validation error detected: Value '" + duration +
                           "' at 'sessionDuration' failed to satisfy constraint: Member must "
                           "satisfy regular expression pattern: " +
                           std::string(kDurationPattern));
  }
  if (*seconds < 3600 || *seconds > 43200) {
    core::ValidationFailed("The session duration " + duration +
                           " is not valid: it must be between 1 hour (PT1H) and 12 hours "
                           "(PT12H).");
  }
}

json::object InstanceJson(const InstanceRecord& r, bool details) {
  json::object out{{"InstanceArn", r.arn},
                   {"IdentityStoreId", r.identity_store_id},
                   {"OwnerAccountId", r.account}};
  if (r.name) out["Name"] = *r.name;
  out["CreatedDate"] = EpochSeconds(r.created_millis);
  out["Status"] = r.status;
  if (r.status_reason) out["StatusReason"] = *r.status_reason;
  if (details) {
    json::object encryption{{"KeyType", r.key_type}};
    if (r.kms_key_arn) encryption["KmsKeyArn"] = *r.kms_key_arn;
    encryption["EncryptionStatus"] = r.encryption_status;
    if (r.encryption_reason) encryption["EncryptionStatusReason"] = *r.encryption_reason;
    out["EncryptionConfigurationDetails"] = std::move(encryption);
  }
  return out;
}

json::object PermissionSetJson(const PermissionSetRecord& r) {
  json::object out{{"Name", r.name}, {"PermissionSetArn", r.arn}};
  if (r.description) out["Description"] = *r.description;
  out["CreatedDate"] = EpochSeconds(r.created_millis);
  out["SessionDuration"] = r.session_duration;
  if (r.relay_state) out["RelayState"] = *r.relay_state;
  return out;
}

std::string AccessDeniedMessage(const RequestContext& ctx, std::string_view arn) {
  const std::string who =
      ctx.caller.arn.empty() ? core::GlobalArn(ctx.scope, "iam", "root") : ctx.caller.arn;
  return "User: " + who + " is not authorized to perform: sso:" + ctx.operation +
         " on resource: " + std::string(arn);
}

// A customer managed policy reference member: (name, path with "/" by default).
std::pair<std::string, std::string> PolicyReference(const json::object& in,
                                                    std::string_view member) {
  const json::object* ref = OptObject(in, member);
  if (!ref) {
    core::ValidationFailed("1 validation error detected: Value null at '" +
                           std::string(1, static_cast<char>(std::tolower(member[0]))) +
                           std::string(member.substr(1)) +
                           "' failed to satisfy constraint: Member must not be null");
  }
  return {RequiredString(*ref, "Name"), OptString(*ref, "Path").value_or("/")};
}

}  // namespace

SsoAdminProvider::SsoAdminProvider(Runtime& rt, kms::KeyService& keys,
                                   organizations::OrgDirectory& orgs,
                                   identitystore::IdentityDirectory& identities)
    : rt_(rt), keys_(keys), orgs_(orgs), identities_(identities), store_(rt.db) {
#define NIMBUS_SSO_OP(name) Register(#name, [this](auto& ctx, auto& in) { return name(ctx, in); })
  NIMBUS_SSO_OP(CreateInstance);
  NIMBUS_SSO_OP(DescribeInstance);
  NIMBUS_SSO_OP(ListInstances);
  NIMBUS_SSO_OP(UpdateInstance);
  NIMBUS_SSO_OP(DeleteInstance);
  NIMBUS_SSO_OP(TagResource);
  NIMBUS_SSO_OP(UntagResource);
  NIMBUS_SSO_OP(ListTagsForResource);
  NIMBUS_SSO_OP(CreatePermissionSet);
  NIMBUS_SSO_OP(DescribePermissionSet);
  NIMBUS_SSO_OP(ListPermissionSets);
  NIMBUS_SSO_OP(UpdatePermissionSet);
  NIMBUS_SSO_OP(DeletePermissionSet);
  NIMBUS_SSO_OP(PutInlinePolicyToPermissionSet);
  NIMBUS_SSO_OP(GetInlinePolicyForPermissionSet);
  NIMBUS_SSO_OP(DeleteInlinePolicyFromPermissionSet);
  NIMBUS_SSO_OP(AttachManagedPolicyToPermissionSet);
  NIMBUS_SSO_OP(DetachManagedPolicyFromPermissionSet);
  NIMBUS_SSO_OP(ListManagedPoliciesInPermissionSet);
  NIMBUS_SSO_OP(AttachCustomerManagedPolicyReferenceToPermissionSet);
  NIMBUS_SSO_OP(DetachCustomerManagedPolicyReferenceFromPermissionSet);
  NIMBUS_SSO_OP(ListCustomerManagedPolicyReferencesInPermissionSet);
  NIMBUS_SSO_OP(PutPermissionsBoundaryToPermissionSet);
  NIMBUS_SSO_OP(GetPermissionsBoundaryForPermissionSet);
  NIMBUS_SSO_OP(DeletePermissionsBoundaryFromPermissionSet);
  NIMBUS_SSO_OP(ProvisionPermissionSet);
  NIMBUS_SSO_OP(DescribePermissionSetProvisioningStatus);
  NIMBUS_SSO_OP(ListPermissionSetProvisioningStatus);
  NIMBUS_SSO_OP(ListPermissionSetsProvisionedToAccount);
  NIMBUS_SSO_OP(ListAccountsForProvisionedPermissionSet);
  NIMBUS_SSO_OP(CreateAccountAssignment);
  NIMBUS_SSO_OP(DeleteAccountAssignment);
  NIMBUS_SSO_OP(DescribeAccountAssignmentCreationStatus);
  NIMBUS_SSO_OP(DescribeAccountAssignmentDeletionStatus);
  NIMBUS_SSO_OP(ListAccountAssignmentCreationStatus);
  NIMBUS_SSO_OP(ListAccountAssignmentDeletionStatus);
  NIMBUS_SSO_OP(ListAccountAssignments);
  NIMBUS_SSO_OP(ListAccountAssignmentsForPrincipal);
#undef NIMBUS_SSO_OP
  rt_.scheduler.Register("sso-admin.CreateInstance",
                         [this](const store::Task& t) { FinishCreateInstance(t.payload); });
  rt_.scheduler.Register("sso-admin.DeleteInstance",
                         [this](const store::Task& t) { FinishDeleteInstance(t.payload); });
  rt_.scheduler.Register("sso-admin.UpdateEncryption",
                         [this](const store::Task& t) { FinishEncryptionUpdate(t.payload); });
  rt_.scheduler.Register("sso-admin.CreateAccountAssignment",
                         [this](const store::Task& t) { FinishAssignmentCreation(t.payload); });
  rt_.scheduler.Register("sso-admin.DeleteAccountAssignment",
                         [this](const store::Task& t) { FinishAssignmentDeletion(t.payload); });
  rt_.scheduler.Register("sso-admin.ProvisionPermissionSet",
                         [this](const store::Task& t) { FinishProvisioning(t.payload); });
}

// ---- helpers -------------------------------------------------------------------------------

InstanceRecord SsoAdminProvider::RequireInstance(store::Transaction& tx, const Ctx& ctx,
                                                 std::string_view arn, bool any_status) {
  std::optional<InstanceRecord> instance = store_.FindInstance(tx, ctx.scope, arn);
  if (!instance) {
    // AWS answers AccessDeniedException for an instance that does not exist (also once deleted)
    // and for another account's instance alike.
    throw AwsError("AccessDeniedException", AccessDeniedMessage(ctx, arn));
  }
  if (!any_status && instance->status != "ACTIVE") {
    if (instance->status == "DELETE_IN_PROGRESS") {
      throw AwsError("ConflictException",
                     "The instance " + instance->arn + " is being deleted (DELETE_IN_PROGRESS).");
    }
    throw AwsError("ConflictException",
                   "The instance " + instance->arn + " is in status " + instance->status +
                       "; only DescribeInstance and DeleteInstance can be called on it until it "
                       "is ACTIVE.");
  }
  return *instance;
}

PermissionSetRecord SsoAdminProvider::RequirePermissionSet(store::Transaction& tx,
                                                           const InstanceRecord& instance,
                                                           std::string_view arn) {
  std::optional<PermissionSetRecord> ps = store_.FindPermissionSet(tx, instance.arn, arn);
  if (!ps) {
    throw AwsError("ResourceNotFoundException",
                   "Could not find PermissionSet with id " + PermissionSetId(arn));
  }
  return *ps;
}

void SsoAdminProvider::Touch(store::Transaction& tx, PermissionSetRecord& ps) {
  ps.version += 1;
  store_.UpdatePermissionSet(tx, ps);
}

void SsoAdminProvider::EnsureOrganizationInstance(const Ctx& ctx) {
  const std::string& account = ctx.scope.account;
  const std::optional<organizations::OrgDirectory::OrgInfo> org = orgs_.OrganizationOf(account);
  if (!org || org->management_account != account ||
      !orgs_.ServiceAccessEnabled(account, "sso.amazonaws.com")) {
    return;
  }
  const core::Scope marker_scope{.account = account, .region = ""};
  store::Transaction tx = store_.Begin();
  if (store_.FindClientToken(tx, marker_scope, kOrgInstanceMarker)) {
    return;  // created once already (and maybe deleted since: it stays deleted)
  }
  InstanceRecord r{.arn = NewInstanceArn(ctx.scope, "ssoins-" + rt_.ids.Hex(16)),
                   .account = account,
                   .region = ctx.scope.region,
                   .identity_store_id = "d-" + rt_.ids.Hex(10),
                   .status = "ACTIVE",
                   .created_millis = ctx.now_millis,
                   .kind = "ORGANIZATION"};
  store_.InsertInstance(tx, r);
  store_.InsertClientToken(tx, marker_scope, kOrgInstanceMarker, "", r.arn);
  tx.Commit();
}

// ---- instances -----------------------------------------------------------------------------

SsoAdminProvider::Out SsoAdminProvider::CreateInstance(const Ctx& ctx, const In& in) {
  const std::optional<std::string> name = OptString(in, "Name");
  const std::optional<std::string> token = OptString(in, "ClientToken");
  const services::TagList tags = services::ReadTagList(in);
  json::object fingerprint{{"Name", name ? json::value(*name) : json::value(nullptr)},
                           {"Tags", services::TagListJson(tags)}};
  const std::string hash = json::serialize(fingerprint);

  store::Transaction tx = store_.Begin();
  if (token) {
    if (auto seen = store_.FindClientToken(tx, ctx.scope, *token)) {
      if (seen->first != hash) {
        throw AwsError("IdempotentParameterMismatch",
                       "The ClientToken " + *token + " was already used with different parameters.",
                       400);
      }
      return json::object{{"InstanceArn", seen->second}};
    }
  }
  if (auto org = orgs_.OrganizationOf(ctx.scope.account);
      org && org->management_account == ctx.scope.account) {
    throw AwsError("ValidationException",
                   "An account instance of IAM Identity Center cannot be created in the "
                   "management account of an organization.");
  }
  for (const InstanceRecord& existing : store_.InstancesOfAccount(tx, ctx.scope.account)) {
    if (existing.kind == "ACCOUNT") {
      throw AwsError("ConflictException",
                     "An instance of IAM Identity Center already exists in account " +
                         ctx.scope.account + " (" + existing.arn + " in " + existing.region +
                         "). You can create only one instance per account.");
    }
  }
  InstanceRecord r{.arn = NewInstanceArn(ctx.scope, "ssoins-" + rt_.ids.Hex(16)),
                   .account = ctx.scope.account,
                   .region = ctx.scope.region,
                   .identity_store_id = "d-" + rt_.ids.Hex(10),
                   .name = name,
                   .status = "CREATE_IN_PROGRESS",
                   .created_millis = ctx.now_millis,
                   .kind = "ACCOUNT"};
  store_.InsertInstance(tx, r);
  for (const auto& [key, value] : tags) {
    store_.PutTag(tx, r.arn, key, value);
  }
  if (token) {
    store_.InsertClientToken(tx, ctx.scope, *token, hash, r.arn);
  }
  rt_.scheduler.Schedule(tx, "sso-admin.CreateInstance", r.arn, rt_.options.async_delay_millis);
  tx.Commit();
  return json::object{{"InstanceArn", r.arn}};
}

void SsoAdminProvider::FinishCreateInstance(const std::string& arn) {
  store::Transaction tx = store_.Begin();
  std::optional<InstanceRecord> r = store_.FindInstanceByArn(tx, arn);
  if (!r || r->status != "CREATE_IN_PROGRESS") {
    return;  // deleted meanwhile
  }
  r->status = "ACTIVE";
  for (const auto& [key, value] : store_.Tags(tx, arn)) {
    if (key == kFailCreateTag) {
      r->status = "CREATE_FAILED";
      r->status_reason = value.empty() ? "Instance creation failed." : value;
    }
  }
  store_.UpdateInstance(tx, *r);
  tx.Commit();
}

SsoAdminProvider::Out SsoAdminProvider::DescribeInstance(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Read();
  return InstanceJson(RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"), true), true);
}

SsoAdminProvider::Out SsoAdminProvider::ListInstances(const Ctx& ctx, const In& in) {
  EnsureOrganizationInstance(ctx);
  const int64_t after = DecodeToken(in, "ListInstances");
  store::Transaction tx = store_.Read();
  const Page<InstanceRecord> page = store_.ListInstances(tx, ctx.scope, after, Limit(in, 10, 10));
  json::array instances;
  for (const InstanceRecord& r : page.items) {
    instances.push_back(InstanceJson(r, false));
  }
  json::object out{{"Instances", std::move(instances)}};
  AddNextToken(out, page, "ListInstances");
  return out;
}

SsoAdminProvider::Out SsoAdminProvider::UpdateInstance(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Begin();
  InstanceRecord r = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  if (auto name = OptString(in, "Name")) {
    r.name = *name;
  }
  if (const json::object* encryption = OptObject(in, "EncryptionConfiguration")) {
    const std::string key_type = RequiredString(*encryption, "KeyType");
    const std::optional<std::string> key_arn = OptString(*encryption, "KmsKeyArn");
    if (key_type == "CUSTOMER_MANAGED_KEY" && !key_arn) {
      core::ValidationFailed("KmsKeyArn is required when KeyType is CUSTOMER_MANAGED_KEY.");
    }
    if (key_type == "AWS_OWNED_KMS_KEY" && key_arn) {
      core::ValidationFailed("KmsKeyArn cannot be specified when KeyType is AWS_OWNED_KMS_KEY.");
    }
    if (r.encryption_status == "UPDATING") {
      throw AwsError("ConflictException",
                     "An encryption configuration update is already in progress for the "
                     "instance " +
                         r.arn + ".");
    }
    r.prev_key_type = r.key_type;
    r.prev_key_arn = r.kms_key_arn;
    r.key_type = key_type;
    r.kms_key_arn = key_arn;
    r.encryption_status = "UPDATING";
    r.encryption_reason.reset();
    rt_.scheduler.Schedule(tx, "sso-admin.UpdateEncryption", r.arn, rt_.options.async_delay_millis);
  }
  store_.UpdateInstance(tx, r);
  tx.Commit();
  return json::object{};
}

void SsoAdminProvider::FinishEncryptionUpdate(const std::string& arn) {
  std::optional<InstanceRecord> r;
  {
    store::Transaction tx = store_.Read();
    r = store_.FindInstanceByArn(tx, arn);
  }
  if (!r || r->encryption_status != "UPDATING") {
    return;
  }
  std::optional<std::string> failure;
  std::optional<std::string> resolved_arn = r->kms_key_arn;
  if (r->key_type == "CUSTOMER_MANAGED_KEY" && r->kms_key_arn) {
    // The key is looked up as the instance owner would call KMS: its account and region.
    RequestContext ctx;
    ctx.service = "sso-admin";
    ctx.operation = "UpdateInstance";
    ctx.scope = {.account = r->account, .region = r->region};
    ctx.caller.account = r->account;
    ctx.now_millis = rt_.clock.NowMillis();
    const std::string& key_arn = *r->kms_key_arn;
    const std::optional<kms::KeyService::KeyInfo> key = keys_.FindKey(ctx, key_arn);
    if (!key) {
      failure = "The KMS key " + key_arn + " does not exist or is not accessible.";
    } else if (key->state == "Disabled") {
      failure = "The KMS key " + key_arn + " is disabled.";
    } else if (key->state == "PendingDeletion") {
      failure = "The KMS key " + key_arn + " is pending deletion.";
    } else if (key->state != "Enabled") {
      failure =
          "The KMS key " + key_arn + " is in the " + key->state + " state and cannot be used.";
    } else if ((!key->key_usage.empty() && key->key_usage != "ENCRYPT_DECRYPT") ||
               (!key->key_spec.empty() && key->key_spec != "SYMMETRIC_DEFAULT")) {
      failure = "The KMS key " + key_arn +
                " must be a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT).";
    } else if (!key->arn.empty()) {
      resolved_arn = key->arn;
    }
  }
  store::Transaction tx = store_.Begin();
  std::optional<InstanceRecord> now = store_.FindInstanceByArn(tx, arn);
  if (!now || now->encryption_status != "UPDATING") {
    return;
  }
  if (failure) {
    now->key_type = now->prev_key_type.value_or("AWS_OWNED_KMS_KEY");
    now->kms_key_arn = now->prev_key_arn;
    now->encryption_status = "UPDATE_FAILED";
    now->encryption_reason = failure;
  } else {
    now->kms_key_arn = now->key_type == "CUSTOMER_MANAGED_KEY" ? resolved_arn : std::nullopt;
    now->encryption_status = "ENABLED";
    now->encryption_reason.reset();
  }
  now->prev_key_type.reset();
  now->prev_key_arn.reset();
  store_.UpdateInstance(tx, *now);
  tx.Commit();
}

SsoAdminProvider::Out SsoAdminProvider::DeleteInstance(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Begin();
  InstanceRecord r = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"), true);
  if (r.status == "DELETE_IN_PROGRESS") {
    throw AwsError("ConflictException",
                   "The instance " + r.arn + " is already being deleted (DELETE_IN_PROGRESS).");
  }
  r.status = "DELETE_IN_PROGRESS";
  r.status_reason.reset();
  store_.UpdateInstance(tx, r);
  rt_.scheduler.Schedule(tx, "sso-admin.DeleteInstance", r.arn, rt_.options.async_delay_millis);
  tx.Commit();
  return json::object{};
}

void SsoAdminProvider::FinishDeleteInstance(const std::string& arn) {
  store::Transaction tx = store_.Begin();
  std::optional<InstanceRecord> r = store_.FindInstanceByArn(tx, arn);
  if (!r || r->status != "DELETE_IN_PROGRESS") {
    return;
  }
  store_.DeleteInstanceCascade(tx, arn);
  tx.Commit();
}

// ---- tags ----------------------------------------------------------------------------------

namespace {

// The instance ARN that owns a taggable resource ARN (itself for an instance), or "".
std::string OwningInstance(std::string_view resource_arn) {
  if (resource_arn.find(":instance/") != std::string_view::npos) {
    return std::string(resource_arn);
  }
  return InstanceOfPermissionSet(resource_arn);
}

}  // namespace

// The ResourceArn of a tag operation, once it names this caller's instance or one of its
// permission sets (and matches InstanceArn when that is given).
std::string SsoAdminProvider::RequireTaggable(store::Transaction& tx, const Ctx& ctx,
                                              const In& in) {
  const std::string resource = RequiredString(in, "ResourceArn");
  const std::string owner = OwningInstance(resource);
  const std::optional<std::string> given = OptString(in, "InstanceArn");
  if (owner.empty() || (given && *given != owner)) {
    throw AwsError("ResourceNotFoundException", "Could not find the resource " + resource +
                                                    " in instance " + given.value_or(owner) + ".");
  }
  const InstanceRecord instance = RequireInstance(tx, ctx, owner);
  if (resource != owner) RequirePermissionSet(tx, instance, resource);
  return resource;
}

SsoAdminProvider::Out SsoAdminProvider::TagResource(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Begin();
  const std::string resource = RequireTaggable(tx, ctx, in);
  std::map<std::string, std::string> merged;
  for (const auto& [key, value] : store_.Tags(tx, resource)) merged[key] = value;
  for (const auto& [key, value] : services::ReadTagList(in)) merged[key] = value;
  if (merged.size() > kMaxTagsPerResource) {
    throw AwsError("ServiceQuotaExceededException",
                   "A resource can have at most " + std::to_string(kMaxTagsPerResource) + " tags.");
  }
  for (const auto& [key, value] : services::ReadTagList(in)) {
    store_.PutTag(tx, resource, key, value);
  }
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::UntagResource(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Begin();
  const std::string resource = RequireTaggable(tx, ctx, in);
  for (const std::string& key : core::protocol::StringList(in, "TagKeys")) {
    store_.DeleteTag(tx, resource, key);
  }
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::ListTagsForResource(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Read();
  const std::string resource = RequireTaggable(tx, ctx, in);
  // At most 75 tags: one page always holds them all.
  return json::object{{"Tags", services::TagListJson(store_.Tags(tx, resource))}};
}

// ---- permission sets -----------------------------------------------------------------------

SsoAdminProvider::Out SsoAdminProvider::CreatePermissionSet(const Ctx& ctx, const In& in) {
  const std::string name = RequiredString(in, "Name");
  const std::string duration = OptString(in, "SessionDuration").value_or("PT1H");
  ValidateSessionDuration(duration);
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  if (store_.PermissionSetNameTaken(tx, instance.arn, name)) {
    throw AwsError("ConflictException", "PermissionSet with name " + name + " already exists.");
  }
  if (store_.CountPermissionSets(tx, instance.arn) >= kMaxPermissionSetsPerInstance) {
    throw AwsError("ServiceQuotaExceededException",
                   "You have exceeded AWS SSO limits. Cannot create more than " +
                       std::to_string(kMaxPermissionSetsPerInstance) +
                       " permission sets in instance " + InstanceId(instance.arn) + ".");
  }
  PermissionSetRecord ps{.arn = NewPermissionSetArn(ctx.scope, InstanceId(instance.arn),
                                                    "ps-" + rt_.ids.Hex(16)),
                         .instance_arn = instance.arn,
                         .name = name,
                         .description = OptString(in, "Description"),
                         .session_duration = duration,
                         .relay_state = OptString(in, "RelayState"),
                         .created_millis = ctx.now_millis};
  store_.InsertPermissionSet(tx, ps);
  for (const auto& [key, value] : services::ReadTagList(in)) store_.PutTag(tx, ps.arn, key, value);
  tx.Commit();
  return json::object{{"PermissionSet", PermissionSetJson(ps)}};
}

SsoAdminProvider::Out SsoAdminProvider::DescribePermissionSet(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  return json::object{
      {"PermissionSet", PermissionSetJson(RequirePermissionSet(
                            tx, instance, RequiredString(in, "PermissionSetArn")))}};
}

SsoAdminProvider::Out SsoAdminProvider::ListPermissionSets(const Ctx& ctx, const In& in) {
  const int64_t after = DecodeToken(in, "ListPermissionSets");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const Page<std::string> page = store_.ListPermissionSets(tx, instance.arn, after, Limit(in, 100));
  json::array arns(page.items.begin(), page.items.end());
  json::object out{{"PermissionSets", std::move(arns)}};
  AddNextToken(out, page, "ListPermissionSets");
  return out;
}

SsoAdminProvider::Out SsoAdminProvider::UpdatePermissionSet(const Ctx& ctx, const In& in) {
  const std::optional<std::string> duration = OptString(in, "SessionDuration");
  if (duration) ValidateSessionDuration(*duration);
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (auto description = OptString(in, "Description")) ps.description = *description;
  if (duration) ps.session_duration = *duration;
  if (auto relay = OptString(in, "RelayState")) ps.relay_state = *relay;
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::DeletePermissionSet(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (store_.CountAssignments(tx, ps.arn, std::nullopt) > 0) {
    throw AwsError("ConflictException",
                   "The permission set " + PermissionSetId(ps.arn) +
                       " is assigned to accounts. Delete its account assignments first.");
  }
  store_.DeletePermissionSet(tx, ps.arn);
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::PutInlinePolicyToPermissionSet(const Ctx& ctx,
                                                                       const In& in) {
  const std::string policy = RequiredString(in, "InlinePolicy");
  std::error_code ec;
  const json::value parsed = json::parse(policy, ec);
  if (ec || !parsed.is_object()) {
    core::ValidationFailed("The InlinePolicy is not a valid JSON policy document.");
  }
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  ps.inline_policy = policy;
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::GetInlinePolicyForPermissionSet(const Ctx& ctx,
                                                                        const In& in) {
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  return json::object{{"InlinePolicy", ps.inline_policy.value_or("")}};
}

SsoAdminProvider::Out SsoAdminProvider::DeleteInlinePolicyFromPermissionSet(const Ctx& ctx,
                                                                            const In& in) {
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (ps.inline_policy) {
    ps.inline_policy.reset();
    Touch(tx, ps);
  }
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::AttachManagedPolicyToPermissionSet(const Ctx& ctx,
                                                                           const In& in) {
  const std::string policy_arn = RequiredString(in, "ManagedPolicyArn");
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (store_.CountAttachedPolicies(tx, ps.arn) >= kMaxPoliciesPerPermissionSet) {
    throw AwsError("ServiceQuotaExceededException",
                   "You have exceeded AWS SSO limits. Cannot attach more than " +
                       std::to_string(kMaxPoliciesPerPermissionSet) +
                       " managed policies to permission set " + PermissionSetId(ps.arn) + ".");
  }
  const std::string name = policy_arn.substr(policy_arn.rfind('/') + 1);
  if (!store_.AddManagedPolicy(tx, ps.arn, policy_arn, name)) {
    throw AwsError("ConflictException", "Permission set with id " + PermissionSetId(ps.arn) +
                                            " already has the managed policy " + policy_arn +
                                            " attached.");
  }
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::DetachManagedPolicyFromPermissionSet(const Ctx& ctx,
                                                                             const In& in) {
  const std::string policy_arn = RequiredString(in, "ManagedPolicyArn");
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (!store_.RemoveManagedPolicy(tx, ps.arn, policy_arn)) {
    throw AwsError("ResourceNotFoundException",
                   "Could not find ManagedPolicy with arn " + policy_arn);
  }
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::ListManagedPoliciesInPermissionSet(const Ctx& ctx,
                                                                           const In& in) {
  const int64_t after = DecodeToken(in, "ListManagedPoliciesInPermissionSet");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  const auto page = store_.ListManagedPolicies(tx, ps.arn, after, Limit(in, 100));
  json::array policies;
  for (const auto& [arn, name] : page.items) {
    policies.push_back(json::object{{"Name", name}, {"Arn", arn}});
  }
  json::object out{{"AttachedManagedPolicies", std::move(policies)}};
  AddNextToken(out, page, "ListManagedPoliciesInPermissionSet");
  return out;
}

SsoAdminProvider::Out SsoAdminProvider::AttachCustomerManagedPolicyReferenceToPermissionSet(
    const Ctx& ctx, const In& in) {
  const auto [name, path] = PolicyReference(in, "CustomerManagedPolicyReference");
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (store_.CountAttachedPolicies(tx, ps.arn) >= kMaxPoliciesPerPermissionSet) {
    throw AwsError("ServiceQuotaExceededException",
                   "You have exceeded AWS SSO limits. Cannot attach more than " +
                       std::to_string(kMaxPoliciesPerPermissionSet) +
                       " managed policies to permission set " + PermissionSetId(ps.arn) + ".");
  }
  if (!store_.AddCustomerPolicy(tx, ps.arn, name, path)) {
    throw AwsError("ConflictException",
                   "The customer managed policy reference with name " + name + " and path " + path +
                       " is already attached to permission set " + PermissionSetId(ps.arn) + ".");
  }
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::DetachCustomerManagedPolicyReferenceFromPermissionSet(
    const Ctx& ctx, const In& in) {
  const auto [name, path] = PolicyReference(in, "CustomerManagedPolicyReference");
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (!store_.RemoveCustomerPolicy(tx, ps.arn, name, path)) {
    throw AwsError("ResourceNotFoundException",
                   "The customer managed policy reference with name " + name + " and path " + path +
                       " is not attached to permission set " + PermissionSetId(ps.arn) + ".");
  }
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::ListCustomerManagedPolicyReferencesInPermissionSet(
    const Ctx& ctx, const In& in) {
  const int64_t after = DecodeToken(in, "ListCustomerManagedPolicyReferencesInPermissionSet");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  const auto page = store_.ListCustomerPolicies(tx, ps.arn, after, Limit(in, 100));
  json::array refs;
  for (const auto& [name, path] : page.items) {
    refs.push_back(json::object{{"Name", name}, {"Path", path}});
  }
  json::object out{{"CustomerManagedPolicyReferences", std::move(refs)}};
  AddNextToken(out, page, "ListCustomerManagedPolicyReferencesInPermissionSet");
  return out;
}

SsoAdminProvider::Out SsoAdminProvider::PutPermissionsBoundaryToPermissionSet(const Ctx& ctx,
                                                                              const In& in) {
  const json::object* boundary = OptObject(in, "PermissionsBoundary");
  if (!boundary) {
    core::ValidationFailed(
        "1 validation error detected: Value null at 'permissionsBoundary' failed to satisfy "
        "constraint: Member must not be null");
  }
  const std::optional<std::string> managed = OptString(*boundary, "ManagedPolicyArn");
  const bool has_reference = OptObject(*boundary, "CustomerManagedPolicyReference") != nullptr;
  if (managed.has_value() == has_reference) {
    core::ValidationFailed(
        "A permissions boundary must specify exactly one of ManagedPolicyArn or "
        "CustomerManagedPolicyReference.");
  }
  json::object stored;
  if (managed) {
    stored["ManagedPolicyArn"] = *managed;
  } else {
    const auto [name, path] = PolicyReference(*boundary, "CustomerManagedPolicyReference");
    stored["CustomerManagedPolicyReference"] = json::object{{"Name", name}, {"Path", path}};
  }
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  ps.boundary = json::serialize(stored);
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

SsoAdminProvider::Out SsoAdminProvider::GetPermissionsBoundaryForPermissionSet(const Ctx& ctx,
                                                                               const In& in) {
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (!ps.boundary) {
    throw AwsError(
        "ResourceNotFoundException",
        "Could not find PermissionsBoundary for PermissionSet with id " + PermissionSetId(ps.arn));
  }
  return json::object{{"PermissionsBoundary", json::parse(*ps.boundary)}};
}

SsoAdminProvider::Out SsoAdminProvider::DeletePermissionsBoundaryFromPermissionSet(const Ctx& ctx,
                                                                                   const In& in) {
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  if (!ps.boundary) {
    throw AwsError(
        "ResourceNotFoundException",
        "Could not find PermissionsBoundary for PermissionSet with id " + PermissionSetId(ps.arn));
  }
  ps.boundary.reset();
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

// ---- provisioning and asynchronous operation status ----------------------------------------

SsoAdminProvider::Out SsoAdminProvider::OperationStatus(const OperationRecord& op,
                                                        bool assignment) const {
  json::object out{{"Status", op.status}, {"RequestId", op.request_id}};
  if (op.failure_reason) out["FailureReason"] = *op.failure_reason;
  if (assignment) {
    if (op.target_id) out["TargetId"] = *op.target_id;
    if (op.target_type) out["TargetType"] = *op.target_type;
    if (op.permission_set_arn) out["PermissionSetArn"] = *op.permission_set_arn;
    if (op.principal_type) out["PrincipalType"] = *op.principal_type;
    if (op.principal_id) out["PrincipalId"] = *op.principal_id;
  } else {
    if (op.target_id) out["AccountId"] = *op.target_id;
    if (op.permission_set_arn) out["PermissionSetArn"] = *op.permission_set_arn;
  }
  out["CreatedDate"] = EpochSeconds(op.created_millis);
  return out;
}

SsoAdminProvider::Out SsoAdminProvider::ProvisionPermissionSet(const Ctx& ctx, const In& in) {
  const std::string target_type = RequiredString(in, "TargetType");
  const std::optional<std::string> target_id = OptString(in, "TargetId");
  if (target_type == "AWS_ACCOUNT" && !target_id) {
    core::ValidationFailed("TargetId is required when TargetType is AWS_ACCOUNT.");
  }
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  OperationRecord op{.request_id = rt_.ids.Uuid(),
                     .instance_arn = instance.arn,
                     .kind = "PROVISION",
                     .status = "IN_PROGRESS",
                     .target_id = target_type == "AWS_ACCOUNT" ? target_id : std::nullopt,
                     .target_type = target_type,
                     .permission_set_arn = ps.arn,
                     .created_millis = ctx.now_millis};
  store_.InsertOperation(tx, op);
  rt_.scheduler.Schedule(tx, "sso-admin.ProvisionPermissionSet", op.request_id,
                         rt_.options.async_delay_millis);
  tx.Commit();
  return json::object{{"PermissionSetProvisioningStatus", OperationStatus(op, false)}};
}

void SsoAdminProvider::FinishProvisioning(const std::string& request_id) {
  store::Transaction tx = store_.Begin();
  std::optional<OperationRecord> op = store_.FindOperationById(tx, request_id);
  if (!op || op->status != "IN_PROGRESS") return;
  std::optional<PermissionSetRecord> ps =
      store_.FindPermissionSet(tx, op->instance_arn, op->permission_set_arn.value_or(""));
  if (!ps) {
    store_.FinishOperation(
        tx, request_id, "FAILED",
        "The permission set " + PermissionSetId(*op->permission_set_arn) + " no longer exists.");
    tx.Commit();
    return;
  }
  std::vector<std::string> accounts;
  if (op->target_id) {
    accounts.push_back(*op->target_id);
  } else {
    accounts = store_.ProvisionedAccounts(tx, ps->arn);
  }
  for (const std::string& account : accounts) {
    store_.SetProvisioned(tx, ps->instance_arn, ps->arn, account, ps->version);
  }
  store_.FinishOperation(tx, request_id, "SUCCEEDED", std::nullopt);
  tx.Commit();
}

SsoAdminProvider::Out SsoAdminProvider::DescribeOperation(const Ctx& ctx, const In& in,
                                                          std::string_view kind,
                                                          std::string_view id_member,
                                                          std::string_view out_member) {
  const std::string request_id = RequiredString(in, id_member);
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  std::optional<OperationRecord> op = store_.FindOperation(tx, instance.arn, kind, request_id);
  if (!op) {
    const std::string what = kind == "PROVISION"           ? "PermissionSetProvisioningRequest"
                             : kind == "ASSIGNMENT_CREATE" ? "AccountAssignmentCreationRequest"
                                                           : "AccountAssignmentDeletionRequest";
    throw AwsError("ResourceNotFoundException",
                   "Could not find " + what + " with id " + request_id);
  }
  return json::object{{std::string(out_member), OperationStatus(*op, kind != "PROVISION")}};
}

SsoAdminProvider::Out SsoAdminProvider::ListOperations(const Ctx& ctx, const In& in,
                                                       std::string_view kind,
                                                       std::string_view out_member) {
  const int64_t after = DecodeToken(in, out_member);
  std::optional<std::string> status;
  if (const json::object* filter = OptObject(in, "Filter")) status = OptString(*filter, "Status");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const Page<OperationRecord> page =
      store_.ListOperations(tx, instance.arn, kind, status, after, Limit(in, 100));
  json::array items;
  for (const OperationRecord& op : page.items) {
    items.push_back(json::object{{"Status", op.status},
                                 {"RequestId", op.request_id},
                                 {"CreatedDate", EpochSeconds(op.created_millis)}});
  }
  json::object out{{std::string(out_member), std::move(items)}};
  AddNextToken(out, page, out_member);
  return out;
}

SsoAdminProvider::Out SsoAdminProvider::DescribePermissionSetProvisioningStatus(const Ctx& ctx,
                                                                                const In& in) {
  return DescribeOperation(ctx, in, "PROVISION", "ProvisionPermissionSetRequestId",
                           "PermissionSetProvisioningStatus");
}

SsoAdminProvider::Out SsoAdminProvider::ListPermissionSetProvisioningStatus(const Ctx& ctx,
                                                                            const In& in) {
  return ListOperations(ctx, in, "PROVISION", "PermissionSetsProvisioningStatus");
}

SsoAdminProvider::Out SsoAdminProvider::DescribeAccountAssignmentCreationStatus(const Ctx& ctx,
                                                                                const In& in) {
  return DescribeOperation(ctx, in, "ASSIGNMENT_CREATE", "AccountAssignmentCreationRequestId",
                           "AccountAssignmentCreationStatus");
}

SsoAdminProvider::Out SsoAdminProvider::DescribeAccountAssignmentDeletionStatus(const Ctx& ctx,
                                                                                const In& in) {
  return DescribeOperation(ctx, in, "ASSIGNMENT_DELETE", "AccountAssignmentDeletionRequestId",
                           "AccountAssignmentDeletionStatus");
}

SsoAdminProvider::Out SsoAdminProvider::ListAccountAssignmentCreationStatus(const Ctx& ctx,
                                                                            const In& in) {
  return ListOperations(ctx, in, "ASSIGNMENT_CREATE", "AccountAssignmentsCreationStatus");
}

SsoAdminProvider::Out SsoAdminProvider::ListAccountAssignmentDeletionStatus(const Ctx& ctx,
                                                                            const In& in) {
  return ListOperations(ctx, in, "ASSIGNMENT_DELETE", "AccountAssignmentsDeletionStatus");
}

namespace {

std::optional<bool> LatestFilter(const json::object& in) {
  const std::optional<std::string> status = OptString(in, "ProvisioningStatus");
  if (!status) return std::nullopt;
  return *status == "LATEST_PERMISSION_SET_PROVISIONED";
}

}  // namespace

SsoAdminProvider::Out SsoAdminProvider::ListPermissionSetsProvisionedToAccount(const Ctx& ctx,
                                                                               const In& in) {
  const int64_t after = DecodeToken(in, "ListPermissionSetsProvisionedToAccount");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const Page<std::string> page = store_.ListPermissionSetsForAccount(
      tx, instance.arn, RequiredString(in, "AccountId"), LatestFilter(in), after, Limit(in, 100));
  json::object out{{"PermissionSets", json::array(page.items.begin(), page.items.end())}};
  AddNextToken(out, page, "ListPermissionSetsProvisionedToAccount");
  return out;
}

SsoAdminProvider::Out SsoAdminProvider::ListAccountsForProvisionedPermissionSet(const Ctx& ctx,
                                                                                const In& in) {
  const int64_t after = DecodeToken(in, "ListAccountsForProvisionedPermissionSet");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  const Page<std::string> page =
      store_.ListAccountsForPermissionSet(tx, ps.arn, LatestFilter(in), after, Limit(in, 100));
  json::object out{{"AccountIds", json::array(page.items.begin(), page.items.end())}};
  AddNextToken(out, page, "ListAccountsForProvisionedPermissionSet");
  return out;
}

// ---- account assignments -------------------------------------------------------------------

namespace {

AssignmentRecord AssignmentOf(const json::object& in, std::string_view instance_arn) {
  return AssignmentRecord{.instance_arn = std::string(instance_arn),
                          .target_id = RequiredString(in, "TargetId"),
                          .permission_set_arn = RequiredString(in, "PermissionSetArn"),
                          .principal_type = RequiredString(in, "PrincipalType"),
                          .principal_id = RequiredString(in, "PrincipalId")};
}

AssignmentRecord AssignmentOf(const OperationRecord& op) {
  return AssignmentRecord{.instance_arn = op.instance_arn,
                          .target_id = op.target_id.value_or(""),
                          .permission_set_arn = op.permission_set_arn.value_or(""),
                          .principal_type = op.principal_type.value_or(""),
                          .principal_id = op.principal_id.value_or("")};
}

json::object AssignmentJson(const AssignmentRecord& a) {
  return json::object{{"AccountId", a.target_id},
                      {"PermissionSetArn", a.permission_set_arn},
                      {"PrincipalType", a.principal_type},
                      {"PrincipalId", a.principal_id}};
}

}  // namespace

// Records an assignment creation or deletion as IN_PROGRESS and schedules the task that ends it.
OperationRecord SsoAdminProvider::StartAssignmentOperation(store::Transaction& tx, const Ctx& ctx,
                                                           const In& in,
                                                           const InstanceRecord& instance,
                                                           const AssignmentRecord& a,
                                                           std::string_view kind,
                                                           std::string_view task_kind) {
  OperationRecord op{.request_id = rt_.ids.Uuid(),
                     .instance_arn = instance.arn,
                     .kind = std::string(kind),
                     .status = "IN_PROGRESS",
                     .target_id = a.target_id,
                     .target_type = RequiredString(in, "TargetType"),
                     .permission_set_arn = a.permission_set_arn,
                     .principal_type = a.principal_type,
                     .principal_id = a.principal_id,
                     .created_millis = ctx.now_millis};
  store_.InsertOperation(tx, op);
  rt_.scheduler.Schedule(tx, task_kind, op.request_id, rt_.options.async_delay_millis);
  return op;
}

SsoAdminProvider::Out SsoAdminProvider::CreateAccountAssignment(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const AssignmentRecord a = AssignmentOf(in, instance.arn);
  RequirePermissionSet(tx, instance, a.permission_set_arn);
  const OperationRecord op = StartAssignmentOperation(tx, ctx, in, instance, a, "ASSIGNMENT_CREATE",
                                                     "sso-admin.CreateAccountAssignment");
  tx.Commit();
  return json::object{{"AccountAssignmentCreationStatus", OperationStatus(op, true)}};
}

void SsoAdminProvider::FinishAssignmentCreation(const std::string& request_id) {
  std::optional<OperationRecord> op;
  std::optional<InstanceRecord> instance;
  {
    store::Transaction tx = store_.Read();
    op = store_.FindOperationById(tx, request_id);
    if (!op) return;
    instance = store_.FindInstanceByArn(tx, op->instance_arn);
  }
  if (!op || !instance || op->status != "IN_PROGRESS") return;
  const AssignmentRecord a = AssignmentOf(*op);
  const bool principal_exists =
      identities_.PrincipalExists({.account = instance->account, .region = instance->region},
                                  instance->identity_store_id, a.principal_type, a.principal_id);
  store::Transaction tx = store_.Begin();
  std::optional<PermissionSetRecord> ps =
      store_.FindPermissionSet(tx, a.instance_arn, a.permission_set_arn);
  if (!principal_exists) {
    store_.FinishOperation(tx, request_id, "FAILED",
                           "The " + std::string(a.principal_type == "USER" ? "user" : "group") +
                               " with id " + a.principal_id + " does not exist in identity store " +
                               instance->identity_store_id + ".");
  } else if (!ps) {
    store_.FinishOperation(
        tx, request_id, "FAILED",
        "Could not find PermissionSet with id " + PermissionSetId(a.permission_set_arn));
  } else {
    store_.InsertAssignment(tx, a);
    // Assigning provisions the permission set to the target account.
    store_.SetProvisioned(tx, a.instance_arn, a.permission_set_arn, a.target_id, ps->version);
    store_.FinishOperation(tx, request_id, "SUCCEEDED", std::nullopt);
  }
  tx.Commit();
}

SsoAdminProvider::Out SsoAdminProvider::DeleteAccountAssignment(const Ctx& ctx, const In& in) {
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const AssignmentRecord a = AssignmentOf(in, instance.arn);
  RequirePermissionSet(tx, instance, a.permission_set_arn);
  if (!store_.AssignmentExists(tx, a)) {
    throw AwsError("ResourceNotFoundException",
                   "Could not find an account assignment of permission set " +
                       PermissionSetId(a.permission_set_arn) + " to " + a.principal_type + " " +
                       a.principal_id + " in account " + a.target_id + ".");
  }
  const OperationRecord op = StartAssignmentOperation(tx, ctx, in, instance, a, "ASSIGNMENT_DELETE",
                                                     "sso-admin.DeleteAccountAssignment");
  tx.Commit();
  return json::object{{"AccountAssignmentDeletionStatus", OperationStatus(op, true)}};
}

void SsoAdminProvider::FinishAssignmentDeletion(const std::string& request_id) {
  store::Transaction tx = store_.Begin();
  std::optional<OperationRecord> op = store_.FindOperationById(tx, request_id);
  if (!op || op->status != "IN_PROGRESS") return;
  const AssignmentRecord a = AssignmentOf(*op);
  store_.DeleteAssignment(tx, a);
  // The last assignment of a permission set in an account removes it from that account.
  if (store_.CountAssignments(tx, a.permission_set_arn, a.target_id) == 0) {
    store_.RemoveProvisioned(tx, a.permission_set_arn, a.target_id);
  }
  store_.FinishOperation(tx, request_id, "SUCCEEDED", std::nullopt);
  tx.Commit();
}

SsoAdminProvider::Out SsoAdminProvider::ListAccountAssignments(const Ctx& ctx, const In& in) {
  const int64_t after = DecodeToken(in, "ListAccountAssignments");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  const Page<AssignmentRecord> page = store_.ListAssignments(
      tx, instance.arn, RequiredString(in, "AccountId"), ps.arn, after, Limit(in, 100));
  json::array items;
  for (const AssignmentRecord& a : page.items) items.push_back(AssignmentJson(a));
  json::object out{{"AccountAssignments", std::move(items)}};
  AddNextToken(out, page, "ListAccountAssignments");
  return out;
}

SsoAdminProvider::Out SsoAdminProvider::ListAccountAssignmentsForPrincipal(const Ctx& ctx,
                                                                           const In& in) {
  const int64_t after = DecodeToken(in, "ListAccountAssignmentsForPrincipal");
  std::optional<std::string> account;
  if (const json::object* filter = OptObject(in, "Filter"))
    account = OptString(*filter, "AccountId");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const Page<AssignmentRecord> page = store_.ListAssignmentsForPrincipal(
      tx, instance.arn, RequiredString(in, "PrincipalType"), RequiredString(in, "PrincipalId"),
      account, after, Limit(in, 100));
  json::array items;
  for (const AssignmentRecord& a : page.items) items.push_back(AssignmentJson(a));
  json::object out{{"AccountAssignments", std::move(items)}};
  AddNextToken(out, page, "ListAccountAssignmentsForPrincipal");
  return out;
}

}  // namespace nimbus::sso_admin
