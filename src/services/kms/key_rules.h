#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>

#include "core/request_context.h"
#include "services/kms/key_store.h"

// Internal to the KMS provider: what both its key management (kms_provider.cc) and its
// cryptographic operations (kms_crypto.cc) know of keys: references, ARNs, algorithms by key
// spec, and the key state checks with AWS's messages.
namespace nimbus::kms::internal {

inline constexpr std::string_view kSymmetric = "SYMMETRIC_DEFAULT";

[[noreturn]] void NotFound(std::string message);

// arn:<partition>:kms:<region>:<account>:key/<key_id>, and the same for "alias/<name>".
std::string KeyArn(const core::Scope& scope, std::string_view key_id);
std::string AliasArn(const core::Scope& scope, std::string_view alias_name);

// 1234abcd-12ab-34cd-56ef-1234567890ab, or a multi-Region key id mrk-<32 hex>.
bool IsKeyId(std::string_view id);

// A key reference taken apart: a key id or an alias name, and whether it points into the
// caller's account and region at all.
struct ParsedRef {
  bool alias = false;
  std::string value;  // key id, or "alias/<name>"
  std::string arn;    // how AWS names it in NotFoundException messages
  bool local = true;
  std::string region{};  // the ARN's region; "" for a bare key id or alias name
};

// NotFoundException for a reference that cannot name a key: `Invalid keyId 'X'`, and for an ARN
// of another region `Invalid arn <region>` (both as AWS words them).
[[noreturn]] void InvalidKeyId(std::string_view key_ref);
[[noreturn]] void OtherRegion(std::string_view region);

// nullopt for an ARN that names no KMS key or alias (another service, "thing/x").
std::optional<ParsedRef> ParseRef(const core::Scope& scope, std::string_view ref);

// The algorithms a key offers, as KeyMetadata and GetPublicKey list them.
boost::json::array EncryptionAlgorithms(const KeyRecord& key);
boost::json::array SigningAlgorithms(const KeyRecord& key);
// Whether the key spec also has a CustomerMasterKeySpec (the deprecated name).
bool IsLegacySpec(std::string_view spec);

// The state checks every cryptographic operation makes: DisabledException or
// KMSInvalidStateException with AWS's messages.
void CheckUsable(const KeyRecord& key);
void CheckNotPendingDeletion(const KeyRecord& key);

// Imported key material that expired by `now_millis` is gone: the key is PendingImport again
// (checked when the key is read, not by a timer).
void ExpireImportedMaterial(KeyRecord& key, int64_t now_millis);

}  // namespace nimbus::kms::internal
