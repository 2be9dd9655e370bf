#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/service.h"
#include "services/kms/grant_store.h"
#include "services/kms/key_store.h"
#include "services/runtime.h"

namespace nimbus::kms {

struct CiphertextBlob;

// What a request to use a key brings to the key's grants: the grant operation it needs
// ("ReEncryptFrom" for ReEncrypt's source key), its encryption context when the operation takes
// one (the grant constraints apply only then), and its GrantTokens.
struct GrantUse {
  std::string operation;
  std::optional<std::map<std::string, std::string>> context{};
  std::vector<std::string> tokens{};
};

// AWS Key Management Service: keys and their life cycle (enable, disable, scheduled deletion),
// aliases, tags, key policies, rotation flags, and real authenticated encryption (AES-256-GCM)
// for Encrypt / Decrypt / GenerateDataKey / ReEncrypt. Other services (SSM SecureString, SSO
// Admin) call it through core::ServiceClient like any client. AWS managed keys ("alias/aws/ssm")
// are created on first use.
class KmsProvider final : public core::Service {
 public:
  explicit KmsProvider(Runtime& rt);
  std::string_view Name() const override { return "kms"; }

  boost::json::value CreateKey(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribeKey(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListKeys(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value EnableKey(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DisableKey(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ScheduleKeyDeletion(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value CancelKeyDeletion(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value UpdateKeyDescription(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value CreateAlias(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateAlias(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteAlias(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListAliases(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value TagResource(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UntagResource(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListResourceTags(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value GetKeyPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value PutKeyPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListKeyPolicies(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value GetKeyRotationStatus(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value EnableKeyRotation(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value DisableKeyRotation(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value Encrypt(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value Decrypt(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ReEncrypt(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GenerateDataKey(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value GenerateDataKeyWithoutPlaintext(const core::RequestContext& ctx,
                                                     const boost::json::object& in);
  boost::json::value GenerateRandom(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GenerateDataKeyPair(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value GenerateDataKeyPairWithoutPlaintext(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value GetPublicKey(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value Sign(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value Verify(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GenerateMac(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value VerifyMac(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeriveSharedSecret(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  // Imported key material (kms_import.cc).
  boost::json::value GetParametersForImport(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value ImportKeyMaterial(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value DeleteImportedKeyMaterial(const core::RequestContext& ctx,
                                               const boost::json::object& in);
  // Rotation on demand (kms_rotation.cc).
  boost::json::value RotateKeyOnDemand(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value ListKeyRotations(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  // Multi-Region keys (kms_multi_region.cc).
  boost::json::value ReplicateKey(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdatePrimaryRegion(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  // Grants (kms_grants.cc).
  boost::json::value CreateGrant(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListGrants(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListRetirableGrants(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value RetireGrant(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value RevokeGrant(const core::RequestContext& ctx, const boost::json::object& in);

 private:
  // Finds the key `key_ref` names (key id, key ARN, and with `allow_alias` alias name or alias
  // ARN) or throws NotFoundException. With `create_managed`, an unused AWS managed alias
  // ("alias/aws/ssm") gets its key now, as AWS does on first use.
  // `use`, when given, is what another account's caller asks of the key's grants (else the grant
  // must allow ctx.operation).
  KeyRecord Resolve(store::Transaction& tx, const core::RequestContext& ctx,
                    std::string_view key_ref, bool allow_alias, bool create_managed,
                    const GrantUse* use = nullptr);
  // The key for a key-management operation: key id or ARN only; an AWS managed key answers
  // AccessDeniedException, as its key policy allows no such action.
  KeyRecord ResolveManaged(store::Transaction& tx, const core::RequestContext& ctx,
                           std::string_view key_ref, std::string_view action);
  // The key a cryptographic operation names (key or alias). Those operations list no
  // InvalidArnException: an ARN that names no KMS key or alias is NotFoundException there.
  KeyRecord ResolveForUse(store::Transaction& tx, const core::RequestContext& ctx,
                          std::string_view key_ref, bool create_managed, const GrantUse& use);
  KeyRecord CreateManagedKey(store::Transaction& tx, const core::RequestContext& ctx,
                             std::string_view alias_name);
  // Encrypts under a resolved key with `algorithm` (AES-GCM blob for symmetric keys, RSAES-OAEP
  // for RSA keys) after the state and usage checks of `operation`.
  std::string Seal(const KeyRecord& key, std::string_view operation, std::string_view algorithm,
                   std::string_view plaintext, const std::map<std::string, std::string>& context);
  // Decrypts; `key_ref`, when given, must name the key that encrypted it (and is required for
  // RSA ciphertexts, which carry no key id).
  std::string Open(store::Transaction& tx, const core::RequestContext& ctx, std::string_view blob,
                   const std::map<std::string, std::string>& context,
                   const std::optional<std::string>& key_ref, std::string_view algorithm,
                   const GrantUse& use, KeyRecord* used);
  // Decrypts a blob of `key` made before a rotation, with the key's earlier material.
  std::optional<std::string> OpenWithEarlierMaterial(
      store::Transaction& tx, const core::Scope& scope, const KeyRecord& key,
      const CiphertextBlob& blob, const std::map<std::string, std::string>& context);
  // The key of Sign/Verify/GenerateMac/VerifyMac after the state, usage and algorithm checks.
  KeyRecord SigningKey(store::Transaction& tx, const core::RequestContext& ctx,
                       const boost::json::object& in, std::string_view usage,
                       std::string_view operation);
  boost::json::object Metadata(const core::RequestContext& ctx, const KeyRecord& key) const;
  // Lists the other regions' copies of multi-Region `key` in metadata's ReplicaKeys.
  void AddReplicaKeys(store::Transaction& tx, const core::RequestContext& ctx, const KeyRecord& key,
                      boost::json::object& metadata);
  // The account and region that hold `key` (another account's for a key used through a grant).
  core::Scope KeyScope(const core::RequestContext& ctx, const KeyRecord& key) const;
  // Whether a grant on the key lets the caller run `use` (or ctx.operation) on it. A grant whose
  // constraints the request's encryption context does not meet allows nothing; when only such
  // grants would allow the operation, AccessDeniedException.
  bool GrantAllows(store::Transaction& tx, const core::RequestContext& ctx,
                   const core::Scope& key_scope, const KeyRecord& key, const GrantUse* use);
  // Another account's key `key_id` that a grant lets the caller use for `use` (Decrypt of a
  // ciphertext whose blob names only the key id), or nullopt.
  std::optional<KeyRecord> GrantedKey(store::Transaction& tx, const core::RequestContext& ctx,
                                      std::string_view key_id, const GrantUse& use);
  // The GrantUse of a request for grant operation `operation`, with the encryption context of
  // member `context_member` ("" for operations without one). A grant token nimbus did not issue
  // is InvalidGrantTokenException.
  static GrantUse ReadGrantUse(const boost::json::object& in, std::string_view operation,
                               std::string_view context_member);
  void DeleteDue(const store::Task& task);
  // GenerateDataKeyPair[WithoutPlaintext]: a new key pair, its private key sealed under the key.
  boost::json::object DataKeyPair(const core::RequestContext& ctx, const boost::json::object& in,
                                  std::string_view operation, bool with_plaintext);

  Runtime& rt_;
  KeyStore store_;
  GrantStore grants_;
};

}  // namespace nimbus::kms
