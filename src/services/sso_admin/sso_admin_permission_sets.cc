// SsoAdminProvider: permission sets, their policies and permissions boundary.
#include <cctype>
#include <system_error>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "services/common/tags.h"
#include "services/sso_admin/sso_admin_internal.h"
#include "services/sso_admin/sso_admin_provider.h"

namespace nimbus::sso_admin {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::AddNextToken;
using internal::DecodeToken;
using internal::Limit;
using internal::PermissionSetId;

namespace {

// https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html
constexpr int64_t kMaxPermissionSetsPerInstance = 2000;
constexpr int64_t kMaxPoliciesPerPermissionSet = 20;

// ServiceQuotaExceededException when `ps` already has as many policies (AWS managed and customer
// managed together) as a permission set may have.
void RequirePolicyRoom(SsoAdminStore& sso_store, store::Transaction& tx,
                       const PermissionSetRecord& ps) {
  if (sso_store.CountAttachedPolicies(tx, ps.arn) >= kMaxPoliciesPerPermissionSet) {
    throw AwsError("ServiceQuotaExceededException",
                   "You have exceeded AWS SSO limits. Cannot attach more than " +
                       std::to_string(kMaxPoliciesPerPermissionSet) +
                       " managed policies to permission set " + PermissionSetId(ps.arn) + ".");
  }
}

// The SessionDuration pattern uses a lookahead, which RE2 cannot check; we check it here.
constexpr std::string_view kDurationPattern =
    "(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+"
    "("
    "?:\\.\\d+)?)S)?)?";

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

json::object PermissionSetJson(const PermissionSetRecord& r) {
  json::object out{{"Name", r.name}, {"PermissionSetArn", r.arn}};
  if (r.description) out["Description"] = *r.description;
  out["CreatedDate"] = EpochSeconds(r.created_millis);
  out["SessionDuration"] = r.session_duration;
  if (r.relay_state) out["RelayState"] = *r.relay_state;
  return out;
}

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

json::value SsoAdminProvider::CreatePermissionSet(const RequestContext& ctx,
                                                  const json::object& in) {
  const std::string name = RequiredString(in, "Name");
  const std::string duration = OptString(in, "SessionDuration").value_or("PT1H");
  ValidateSessionDuration(duration);
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  OpenDataKey(ctx, instance);
  if (store_.PermissionSetNameTaken(tx, instance.arn, name)) {
    throw AwsError("ConflictException", "PermissionSet with name " + name + " already exists.");
  }
  if (store_.CountPermissionSets(tx, instance.arn) >= kMaxPermissionSetsPerInstance) {
    throw AwsError("ServiceQuotaExceededException",
                   "You have exceeded AWS SSO limits. Cannot create more than " +
                       std::to_string(kMaxPermissionSetsPerInstance) +
                       " permission sets in instance " + InstanceId(instance.arn) + ".");
  }
  PermissionSetRecord ps{
      .arn = NewPermissionSetArn(ctx.scope, InstanceId(instance.arn), "ps-" + rt_.ids.Hex(16)),
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

json::value SsoAdminProvider::DescribePermissionSet(const RequestContext& ctx,
                                                    const json::object& in) {
  store::Transaction tx = store_.Read();
  return json::object{{"PermissionSet", PermissionSetJson(OpenPermissionSet(tx, ctx, in))}};
}

json::value SsoAdminProvider::ListPermissionSets(const RequestContext& ctx,
                                                 const json::object& in) {
  const int64_t after = DecodeToken(in, "ListPermissionSets");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const Page<std::string> page = store_.ListPermissionSets(tx, instance.arn, after, Limit(in, 100));
  json::array arns(page.items.begin(), page.items.end());
  json::object out{{"PermissionSets", std::move(arns)}};
  AddNextToken(out, page, "ListPermissionSets");
  return out;
}

json::value SsoAdminProvider::UpdatePermissionSet(const RequestContext& ctx,
                                                  const json::object& in) {
  const std::optional<std::string> duration = OptString(in, "SessionDuration");
  if (duration) ValidateSessionDuration(*duration);
  store::Transaction tx = store_.Begin();
  PermissionSetRecord ps = OpenPermissionSet(tx, ctx, in);
  if (auto description = OptString(in, "Description")) ps.description = *description;
  if (duration) ps.session_duration = *duration;
  if (auto relay = OptString(in, "RelayState")) ps.relay_state = *relay;
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::DeletePermissionSet(const RequestContext& ctx,
                                                  const json::object& in) {
  store::Transaction tx = store_.Begin();
  const PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  if (store_.CountAssignments(tx, ps.arn, std::nullopt) > 0) {
    throw AwsError("ConflictException",
                   "The permission set " + PermissionSetId(ps.arn) +
                       " is assigned to accounts. Delete its account assignments first.");
  }
  store_.DeletePermissionSet(tx, ps.arn);
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::PutInlinePolicyToPermissionSet(const RequestContext& ctx,
                                                             const json::object& in) {
  const std::string policy = RequiredString(in, "InlinePolicy");
  std::error_code ec;
  const json::value parsed = json::parse(policy, ec);
  if (ec || !parsed.is_object()) {
    core::ValidationFailed("The InlinePolicy is not a valid JSON policy document.");
  }
  store::Transaction tx = store_.Begin();
  PermissionSetRecord ps = OpenPermissionSet(tx, ctx, in);
  ps.inline_policy = policy;
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::GetInlinePolicyForPermissionSet(const RequestContext& ctx,
                                                              const json::object& in) {
  store::Transaction tx = store_.Read();
  const PermissionSetRecord ps = OpenPermissionSet(tx, ctx, in);
  return json::object{{"InlinePolicy", ps.inline_policy.value_or("")}};
}

json::value SsoAdminProvider::DeleteInlinePolicyFromPermissionSet(const RequestContext& ctx,
                                                                  const json::object& in) {
  store::Transaction tx = store_.Begin();
  PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  if (ps.inline_policy) {
    ps.inline_policy.reset();
    Touch(tx, ps);
  }
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::AttachManagedPolicyToPermissionSet(const RequestContext& ctx,
                                                                 const json::object& in) {
  const std::string policy_arn = RequiredString(in, "ManagedPolicyArn");
  store::Transaction tx = store_.Begin();
  PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  RequirePolicyRoom(store_, tx, ps);
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

json::value SsoAdminProvider::DetachManagedPolicyFromPermissionSet(const RequestContext& ctx,
                                                                   const json::object& in) {
  const std::string policy_arn = RequiredString(in, "ManagedPolicyArn");
  store::Transaction tx = store_.Begin();
  PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  if (!store_.RemoveManagedPolicy(tx, ps.arn, policy_arn)) {
    throw AwsError("ResourceNotFoundException",
                   "Could not find ManagedPolicy with arn " + policy_arn);
  }
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::ListManagedPoliciesInPermissionSet(const RequestContext& ctx,
                                                                 const json::object& in) {
  const int64_t after = DecodeToken(in, "ListManagedPoliciesInPermissionSet");
  store::Transaction tx = store_.Read();
  const PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  const auto page = store_.ListManagedPolicies(tx, ps.arn, after, Limit(in, 100));
  json::array policies;
  for (const auto& [arn, name] : page.items) {
    policies.push_back(json::object{{"Name", name}, {"Arn", arn}});
  }
  json::object out{{"AttachedManagedPolicies", std::move(policies)}};
  AddNextToken(out, page, "ListManagedPoliciesInPermissionSet");
  return out;
}

json::value SsoAdminProvider::AttachCustomerManagedPolicyReferenceToPermissionSet(
    const RequestContext& ctx, const json::object& in) {
  const auto [name, path] = PolicyReference(in, "CustomerManagedPolicyReference");
  store::Transaction tx = store_.Begin();
  PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  RequirePolicyRoom(store_, tx, ps);
  if (!store_.AddCustomerPolicy(tx, ps.arn, name, path)) {
    throw AwsError("ConflictException",
                   "The customer managed policy reference with name " + name + " and path " + path +
                       " is already attached to permission set " + PermissionSetId(ps.arn) + ".");
  }
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::DetachCustomerManagedPolicyReferenceFromPermissionSet(
    const RequestContext& ctx, const json::object& in) {
  const auto [name, path] = PolicyReference(in, "CustomerManagedPolicyReference");
  store::Transaction tx = store_.Begin();
  PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  if (!store_.RemoveCustomerPolicy(tx, ps.arn, name, path)) {
    throw AwsError("ResourceNotFoundException",
                   "The customer managed policy reference with name " + name + " and path " + path +
                       " is not attached to permission set " + PermissionSetId(ps.arn) + ".");
  }
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::ListCustomerManagedPolicyReferencesInPermissionSet(
    const RequestContext& ctx, const json::object& in) {
  const int64_t after = DecodeToken(in, "ListCustomerManagedPolicyReferencesInPermissionSet");
  store::Transaction tx = store_.Read();
  const PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  const auto page = store_.ListCustomerPolicies(tx, ps.arn, after, Limit(in, 100));
  json::array refs;
  for (const auto& [name, path] : page.items) {
    refs.push_back(json::object{{"Name", name}, {"Path", path}});
  }
  json::object out{{"CustomerManagedPolicyReferences", std::move(refs)}};
  AddNextToken(out, page, "ListCustomerManagedPolicyReferencesInPermissionSet");
  return out;
}

json::value SsoAdminProvider::PutPermissionsBoundaryToPermissionSet(const RequestContext& ctx,
                                                                    const json::object& in) {
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
  PermissionSetRecord ps = OpenPermissionSet(tx, ctx, in);
  ps.boundary = json::serialize(stored);
  Touch(tx, ps);
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::GetPermissionsBoundaryForPermissionSet(const RequestContext& ctx,
                                                                     const json::object& in) {
  store::Transaction tx = store_.Read();
  const PermissionSetRecord ps = OpenPermissionSet(tx, ctx, in);
  if (!ps.boundary) {
    throw AwsError(
        "ResourceNotFoundException",
        "Could not find PermissionsBoundary for PermissionSet with id " + PermissionSetId(ps.arn));
  }
  return json::object{{"PermissionsBoundary", json::parse(*ps.boundary)}};
}

json::value SsoAdminProvider::DeletePermissionsBoundaryFromPermissionSet(const RequestContext& ctx,
                                                                         const json::object& in) {
  store::Transaction tx = store_.Begin();
  PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
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

}  // namespace nimbus::sso_admin
