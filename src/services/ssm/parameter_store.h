#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::ssm {

// One stored version of a parameter. SecureString values are kept as the base64 of the KMS
// ciphertext blob (what GetParameter returns without WithDecryption).
struct ParameterRecord {
  std::string name;
  int64_t version = 0;
  std::string type;             // String | StringList | SecureString
  std::string value;
  std::string key_id;           // SecureString only: the KeyId as given (default alias/aws/ssm)
  std::string description;
  std::string allowed_pattern;
  std::string tier;             // Standard | Advanced
  std::string policies;         // the Policies JSON text as given, or ""
  std::string data_type;        // text | aws:ec2:image | aws:ssm:integration
  int64_t modified_millis = 0;
  std::string modified_user;    // caller ARN
};

// A ParameterStringFilter already checked by the provider. `key` is one of Name, Type, KeyId,
// Path, Tier, DataType, Label or "tag:<key>"; `option` Equals, BeginsWith, Contains (Name),
// Recursive or OneLevel (Path). Values are ORed; filters are ANDed.
struct ParameterFilter {
  std::string key;
  std::string option;
  std::vector<std::string> values;
};

// Which names a listing walks, in name order.
struct ParameterScan {
  enum class Kind { kAll, kSubtree, kChildren };
  Kind kind = Kind::kAll;
  // kSubtree: every name that starts with `path` + "/" ("/" alone: every name);
  // kChildren: the names whose parent (see ParentOf) is `path`.
  std::string path;
  std::string after;  // keyset: only names > after ("" = from the start)
  int64_t limit = 10;
  std::vector<ParameterFilter> filters;
};

// The hierarchy level that holds `name`: "/a/b/c" -> "/a/b"; "/a", "a" -> "/".
std::string ParentOf(std::string_view name);

// Parameter Store tables. Latest versions are denormalised into ssm_parameters (indexed by name
// and by parent path) so a page of GetParametersByPath / DescribeParameters is a keyset range
// scan of `limit` rows, whatever the number of parameters.
class ParameterStore {
 public:
  explicit ParameterStore(store::Database& db);

  // Transactions over the parameter tables and ssm_tags (tag filters join it).
  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  std::optional<ParameterRecord> Latest(store::Transaction& tx, const core::Scope& scope,
                                        std::string_view name);
  std::optional<ParameterRecord> Version(store::Transaction& tx, const core::Scope& scope,
                                         std::string_view name, int64_t version);
  // The version a label is attached to, or nullopt.
  std::optional<int64_t> VersionOfLabel(store::Transaction& tx, const core::Scope& scope,
                                        std::string_view name, std::string_view label);
  // Number of stored versions and the oldest one (0 if none).
  int64_t VersionCount(store::Transaction& tx, const core::Scope& scope, std::string_view name);
  int64_t OldestVersion(store::Transaction& tx, const core::Scope& scope, std::string_view name);

  // Stores a new version and makes it the latest.
  void Insert(store::Transaction& tx, const core::Scope& scope, const ParameterRecord& record);
  // Forgets one (old) version and its labels.
  void DeleteVersion(store::Transaction& tx, const core::Scope& scope, std::string_view name,
                     int64_t version);
  // Forgets every version and label; returns false if there was no such parameter.
  bool Delete(store::Transaction& tx, const core::Scope& scope, std::string_view name);

  // Labels of one version (sorted), and of every version of a parameter.
  std::vector<std::string> Labels(store::Transaction& tx, const core::Scope& scope,
                                  std::string_view name, int64_t version);
  std::map<int64_t, std::vector<std::string>> LabelsByVersion(store::Transaction& tx,
                                                              const core::Scope& scope,
                                                              std::string_view name);
  // Attaches (or moves) a label to a version.
  void SetLabel(store::Transaction& tx, const core::Scope& scope, std::string_view name,
                std::string_view label, int64_t version);
  void RemoveLabel(store::Transaction& tx, const core::Scope& scope, std::string_view name,
                   std::string_view label);

  // Versions after `after_version`, oldest first, at most `limit`.
  std::vector<ParameterRecord> History(store::Transaction& tx, const core::Scope& scope,
                                       std::string_view name, int64_t after_version,
                                       int64_t limit);

  // Latest versions in name order, per `scan` (at most scan.limit rows).
  std::vector<ParameterRecord> List(store::Transaction& tx, const core::Scope& scope,
                                    const ParameterScan& scan);

 private:
  store::Schema tags_schema_;  // before schema_, which joins it
  store::Schema schema_;
};

}  // namespace nimbus::ssm
