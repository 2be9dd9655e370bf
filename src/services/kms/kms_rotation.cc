// KmsProvider's key rotation: the automatic rotation flag (Get/Enable/DisableKeyRotation), and
// RotateKeyOnDemand / ListKeyRotations. A rotation makes new key material current and keeps the
// earlier material (kms_key_materials), so that ciphertexts from before it still decrypt.
#include <charconv>
#include <utility>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "services/common/page_token.h"
#include "services/kms/ciphertext.h"
#include "services/kms/key_rules.h"
#include "services/kms/kms_provider.h"

namespace nimbus::kms {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::CheckNotPendingDeletion;
using internal::CheckUsable;
using internal::kSymmetric;

namespace {

constexpr int64_t kDayMillis = 86'400'000;
// "You can perform on-demand rotation a maximum of 10 times per KMS key" (KMS developer guide,
// "Rotate keys on demand").
constexpr size_t kMaxOnDemandRotations = 10;

void CheckRotatable(const KeyRecord& key) {
  if (key.key_spec != kSymmetric || key.origin != "AWS_KMS") {
    throw AwsError("UnsupportedOperationException",
                   key.arn + " key type or origin does not support automatic key rotation.");
  }
}

}  // namespace

json::value KmsProvider::GetKeyRotationStatus(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  CheckNotPendingDeletion(key);
  CheckRotatable(key);
  json::object out{{"KeyRotationEnabled", key.rotation_enabled}, {"KeyId", key.key_id}};
  if (key.rotation_enabled) {
    out["RotationPeriodInDays"] = key.rotation_period_days;
    if (key.next_rotation_millis) out["NextRotationDate"] = EpochSeconds(*key.next_rotation_millis);
  }
  return out;
}

json::value KmsProvider::EnableKeyRotation(const RequestContext& ctx, const json::object& in) {
  const int64_t period = core::protocol::IntOr(in, "RotationPeriodInDays", 365);
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "EnableKeyRotation");
  CheckUsable(key);
  CheckRotatable(key);
  key.rotation_enabled = true;
  key.rotation_period_days = period;
  key.next_rotation_millis = ctx.now_millis + period * kDayMillis;
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::DisableKeyRotation(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "DisableKeyRotation");
  CheckUsable(key);
  CheckRotatable(key);
  key.rotation_enabled = false;
  key.next_rotation_millis.reset();
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{};
}

std::optional<std::string> KmsProvider::OpenWithEarlierMaterial(
    store::Transaction& tx, const core::Scope& scope, const KeyRecord& key,
    const CiphertextBlob& blob, const std::map<std::string, std::string>& context) {
  for (const MaterialRecord& version : store_.MaterialVersions(tx, scope, key.key_id, 0, 1000)) {
    if (std::optional<std::string> plaintext = OpenBlob(blob, version.material, context)) {
      return plaintext;
    }
  }
  return std::nullopt;
}

json::value KmsProvider::RotateKeyOnDemand(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "RotateKeyOnDemand");
  CheckUsable(key);
  CheckRotatable(key);
  const core::Scope scope = KeyScope(ctx, key);
  std::vector<MaterialRecord> versions = store_.MaterialVersions(tx, scope, key.key_id, 0, 1000);
  size_t on_demand = 0;
  for (const MaterialRecord& version : versions) on_demand += version.rotation_type == "ON_DEMAND";
  if (on_demand >= kMaxOnDemandRotations) {
    throw AwsError("LimitExceededException",
                   "The on-demand rotation limit has been reached for " + key.arn + ".");
  }
  if (versions.empty()) {
    // The key's first material, kept from now on so that its ciphertexts still decrypt.
    store_.AddMaterialVersion(tx, scope, key.key_id,
                              {.material_id = key.material_id,
                               .material = key.material,
                               .rotated_millis = key.created_millis});
  }
  const std::string material = RandomBytes(32);
  const std::string material_id = rt_.ids.Hex(64);
  store_.AddMaterialVersion(tx, scope, key.key_id,
                            {.material_id = material_id,
                             .material = material,
                             .rotated_millis = ctx.now_millis,
                             .rotation_type = "ON_DEMAND"});
  store_.SetMaterial(tx, scope, key.key_id, material, material_id);
  tx.Commit();
  return json::object{{"KeyId", key.key_id}};
}

json::value KmsProvider::ListKeyRotations(const RequestContext& ctx, const json::object& in) {
  const int64_t limit = core::protocol::IntOr(in, "Limit", 100);
  const std::optional<std::string> position =
      services::ReadPageToken(in, "Marker", "ListKeyRotations");
  int64_t after = 0;
  if (position && !position->empty()) {
    const char* end = position->data() + position->size();
    const auto [ptr, ec] = std::from_chars(position->data(), end, after);
    if (ec != std::errc() || ptr != end) after = -1;
  }
  if (!position || after < 0) {
    throw AwsError("InvalidMarkerException", "Invalid marker: " + StringOr(in, "Marker", ""));
  }
  store::Transaction tx = store_.Read();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  CheckNotPendingDeletion(key);
  CheckRotatable(key);
  const core::Scope scope = KeyScope(ctx, key);
  json::array rotations;
  bool truncated = false;
  int64_t last = after;
  // The first material is no rotation: skip it while filling the page.
  while (!truncated) {
    std::vector<MaterialRecord> rows = store_.MaterialVersions(tx, scope, key.key_id, last, 100);
    if (rows.empty()) break;
    for (const MaterialRecord& row : rows) {
      if (row.rotation_type.empty()) {
        last = row.seq;
        continue;
      }
      if (static_cast<int64_t>(rotations.size()) == limit) {
        truncated = true;
        break;
      }
      rotations.push_back(json::object{{"KeyId", key.key_id},
                                       {"KeyMaterialId", row.material_id},
                                       {"RotationDate", EpochSeconds(row.rotated_millis)},
                                       {"RotationType", row.rotation_type}});
      last = row.seq;
    }
  }
  json::object out{{"Rotations", std::move(rotations)}, {"Truncated", truncated}};
  if (truncated)
    out["NextMarker"] = services::EncodePageToken("ListKeyRotations", std::to_string(last));
  return out;
}

}  // namespace nimbus::kms
