// SsoAdminProvider: instances, their lifecycle and their encryption configuration.
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
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

namespace {

// The client token under which a management account's organization instance is recorded, so
// that it is created once (and stays deleted once deleted).
constexpr std::string_view kOrgInstanceMarker = "nimbus:organization-instance";

// arn:<partition>:sso:::instance/ssoins-<16 hex>: no region, no account, as AWS writes them.
std::string NewInstanceArn(const core::Scope& scope, std::string_view instance_id) {
  return core::GlobalArn({.account = "", .region = scope.region}, "sso",
                         "instance/" + std::string(instance_id));
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

}  // namespace

std::optional<std::string> SsoAdminProvider::ManagementAccount(const RequestContext& ctx) const {
  try {
    const json::value out = services_.Call(ctx, "organizations", "DescribeOrganization", {});
    return std::string(out.at("Organization").at("MasterAccountId").as_string());
  } catch (const AwsError& error) {
    if (error.code() == "AWSOrganizationsNotInUseException") return std::nullopt;
    throw;
  }
}

bool SsoAdminProvider::SsoAccessEnabled(const RequestContext& ctx) const {
  json::object page;
  while (true) {
    const json::value out =
        services_.Call(ctx, "organizations", "ListAWSServiceAccessForOrganization", page);
    for (const json::value& service : out.at("EnabledServicePrincipals").as_array()) {
      if (service.at("ServicePrincipal") == "sso.amazonaws.com") return true;
    }
    const std::optional<std::string> next = OptString(out.as_object(), "NextToken");
    if (!next) return false;
    page["NextToken"] = *next;
  }
}

void SsoAdminProvider::EnsureOrganizationInstance(const RequestContext& ctx) {
  const std::string& account = ctx.scope.account;
  if (ManagementAccount(ctx) != account || !SsoAccessEnabled(ctx)) {
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

json::value SsoAdminProvider::CreateInstance(const RequestContext& ctx, const json::object& in) {
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
        // The API reference calls this an IdempotentParameterMismatch error, but the model has
        // no such code: CreateInstance answers ConflictException, which it lists.
        throw AwsError("ConflictException", "The ClientToken " + *token +
                                                " was already used with different parameters.");
      }
      return json::object{{"InstanceArn", seen->second}};
    }
  }
  if (ManagementAccount(ctx) == ctx.scope.account) {
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

json::value SsoAdminProvider::DescribeInstance(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  return InstanceJson(RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"), true), true);
}

json::value SsoAdminProvider::ListInstances(const RequestContext& ctx, const json::object& in) {
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

json::value SsoAdminProvider::UpdateInstance(const RequestContext& ctx, const json::object& in) {
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
  KeyCheck check;
  if (r->key_type == "CUSTOMER_MANAGED_KEY" && r->kms_key_arn) {
    check = CheckCustomerKey(*r);
  }
  store::Transaction tx = store_.Begin();
  std::optional<InstanceRecord> now = store_.FindInstanceByArn(tx, arn);
  if (!now || now->encryption_status != "UPDATING") {
    return;
  }
  if (check.failure) {
    now->key_type = now->prev_key_type.value_or("AWS_OWNED_KMS_KEY");
    now->kms_key_arn = now->prev_key_arn;
    now->encryption_status = "UPDATE_FAILED";
    now->encryption_reason = check.failure;
  } else {
    const bool customer = now->key_type == "CUSTOMER_MANAGED_KEY";
    now->kms_key_arn = customer ? std::optional(check.arn) : std::nullopt;
    now->data_key = customer ? std::optional(check.data_key) : std::nullopt;
    now->encryption_status = "ENABLED";
    now->encryption_reason.reset();
  }
  now->prev_key_type.reset();
  now->prev_key_arn.reset();
  store_.UpdateInstance(tx, *now);
  tx.Commit();
}

SsoAdminProvider::KeyCheck SsoAdminProvider::CheckCustomerKey(const InstanceRecord& r) const {
  const std::string& key_arn = *r.kms_key_arn;
  json::value described;
  try {
    described = services_.Call(internal::OwnerCaller(r), r.region, "kms", "DescribeKey",
                               {{"KeyId", key_arn}});
  } catch (const AwsError& error) {
    if (error.code() != "NotFoundException" && error.code() != "InvalidArnException") throw;
    return {.failure = "The KMS key " + key_arn + " does not exist or is not accessible."};
  }
  const json::object& key = described.at("KeyMetadata").as_object();
  const std::string state = OptString(key, "KeyState").value_or("");
  if (state == "Disabled") {
    return {.failure = "The KMS key " + key_arn + " is disabled."};
  }
  if (state == "PendingDeletion") {
    return {.failure = "The KMS key " + key_arn + " is pending deletion."};
  }
  if (state != "Enabled") {
    return {.failure =
                "The KMS key " + key_arn + " is in the " + state + " state and cannot be used."};
  }
  if (OptString(key, "KeyUsage").value_or("ENCRYPT_DECRYPT") != "ENCRYPT_DECRYPT" ||
      OptString(key, "KeySpec").value_or("SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT") {
    return {.failure = "The KMS key " + key_arn +
                       " must be a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)."};
  }
  const std::string arn = RequiredString(key, "Arn");
  try {
    const json::value sealed = services_.Call(internal::OwnerCaller(r), r.region, "kms", "Encrypt",
                                              {{"KeyId", arn},
                                               {"Plaintext", core::Base64Encode(rt_.ids.Hex(32))},
                                               {"EncryptionContext", internal::DataKeyContext(r)}});
    return {.arn = arn, .data_key = std::string(sealed.at("CiphertextBlob").as_string())};
  } catch (const AwsError& error) {
    return {.failure = "The KMS key " + key_arn + " cannot be used: " + error.what()};
  }
}

json::value SsoAdminProvider::DeleteInstance(const RequestContext& ctx, const json::object& in) {
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

}  // namespace nimbus::sso_admin
