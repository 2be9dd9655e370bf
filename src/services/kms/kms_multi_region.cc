// KmsProvider's multi-Region keys: ReplicateKey, UpdatePrimaryRegion, and the replica list of
// DescribeKey. A replica is a key of the same id and the same key material in another region of
// the account, so a ciphertext of one decrypts in the other's region. Tags, policy, description
// and key state are each copy's own; the primary region is recorded on every copy.
#include <utility>

#include <boost/json/parse.hpp>

#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "services/common/tags.h"
#include "services/kms/key_defaults.h"
#include "services/kms/key_rules.h"
#include "services/kms/kms_provider.h"

namespace nimbus::kms {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::CheckNotPendingDeletion;
using internal::KeyArn;

namespace {

std::string PrimaryRegion(const KeyRecord& key, const core::Scope& scope) {
  return key.primary_region.empty() ? scope.region : key.primary_region;
}

void CheckPrimary(const KeyRecord& key, const core::Scope& scope, std::string_view operation) {
  if (!key.multi_region) {
    throw AwsError("UnsupportedOperationException", key.arn + " is not a multi-Region key. " +
                                                        std::string(operation) +
                                                        " is valid only for multi-Region keys.");
  }
  if (PrimaryRegion(key, scope) != scope.region) {
    throw AwsError("UnsupportedOperationException",
                   key.arn + " is not a multi-Region primary key. " + std::string(operation) +
                       " is valid only for multi-Region primary keys.");
  }
}

}  // namespace

void KmsProvider::AddReplicaKeys(store::Transaction& tx, const RequestContext& ctx,
                                 const KeyRecord& key, json::object& metadata) {
  const core::Scope scope = KeyScope(ctx, key);
  const std::string primary = PrimaryRegion(key, scope);
  json::array replicas;
  for (const auto& [region, copy] : store_.FindInAllRegions(tx, scope.account, key.key_id)) {
    if (region == primary || !copy.multi_region) continue;
    replicas.push_back(json::object{{"Arn", copy.arn}, {"Region", region}});
  }
  metadata["MultiRegionConfiguration"].as_object()["ReplicaKeys"] = std::move(replicas);
}

json::value KmsProvider::ReplicateKey(const RequestContext& ctx, const json::object& in) {
  const std::string region = RequiredString(in, "ReplicaRegion");
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "ReplicateKey");
  CheckNotPendingDeletion(key);
  const core::Scope scope = KeyScope(ctx, key);
  CheckPrimary(key, scope, "ReplicateKey");
  if (!core::IsRegion(region) ||
      core::PartitionOf(region).id != core::PartitionOf(scope.region).id) {
    core::ValidationFailed("The replica region " + region + " is not valid.");
  }
  const core::Scope replica_scope{.account = scope.account, .region = region};
  if (region == scope.region || store_.FindKey(tx, replica_scope, key.key_id)) {
    throw AwsError("AlreadyExistsException",
                   "Key " + KeyArn(replica_scope, key.key_id) + " already exists");
  }
  const std::optional<std::string> policy = OptString(in, "Policy");
  if (policy) {
    boost::system::error_code ec;
    if (const json::value parsed = json::parse(*policy, ec); ec || !parsed.is_object()) {
      throw AwsError("MalformedPolicyDocumentException", "The policy document is not valid JSON.");
    }
  }
  const services::TagList tags = services::ReadTagList(in, "Tags", services::kKmsTagMembers);
  if (services::FindReservedTagKey(tags)) {
    throw AwsError("TagException", "Tags beginning with aws: are reserved");
  }
  KeyRecord replica = key;
  replica.arn = KeyArn(replica_scope, key.key_id);
  replica.description = StringOr(in, "Description", "");
  replica.created_millis = ctx.now_millis;
  replica.policy = policy.value_or(internal::DefaultPolicy(replica_scope));
  replica.rotation_enabled = false;
  replica.next_rotation_millis.reset();
  replica.primary_region = scope.region;
  store_.InsertKey(tx, replica_scope, replica);
  for (const auto& [tag_key, tag_value] : tags) {
    store_.PutTag(tx, replica_scope, key.key_id, tag_key, tag_value);
  }
  RequestContext replica_ctx = ctx;
  replica_ctx.scope = replica_scope;
  const KeyRecord stored = *store_.FindKey(tx, replica_scope, key.key_id);
  json::object metadata = Metadata(replica_ctx, stored);
  AddReplicaKeys(tx, replica_ctx, stored, metadata);
  tx.Commit();
  return json::object{{"ReplicaKeyMetadata", std::move(metadata)},
                      {"ReplicaPolicy", replica.policy},
                      {"ReplicaTags", services::TagListJson(tags, services::kKmsTagMembers)}};
}

json::value KmsProvider::UpdatePrimaryRegion(const RequestContext& ctx, const json::object& in) {
  const std::string region = RequiredString(in, "PrimaryRegion");
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "UpdatePrimaryRegion");
  CheckNotPendingDeletion(key);
  const core::Scope scope = KeyScope(ctx, key);
  CheckPrimary(key, scope, "UpdatePrimaryRegion");
  auto copies = store_.FindInAllRegions(tx, scope.account, key.key_id);
  bool found = false;
  for (const auto& [copy_region, copy] : copies) found = found || copy_region == region;
  if (!found) {
    internal::NotFound("Key '" + KeyArn({.account = scope.account, .region = region}, key.key_id) +
                       "' does not exist");
  }
  for (auto& [copy_region, copy] : copies) {
    copy.primary_region = region;
    store_.UpdateKey(tx, {.account = scope.account, .region = copy_region}, copy);
  }
  tx.Commit();
  return json::object{};
}

}  // namespace nimbus::kms
