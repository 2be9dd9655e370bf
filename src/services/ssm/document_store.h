#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::ssm {

// One SSM document (what all its versions share). Versions are numbered from 1.
struct DocumentRecord {
  core::Scope scope;
  std::string name;
  std::string document_type;
  std::string target_type;
  std::string display_name;
  int64_t default_version = 1;
  int64_t latest_version = 1;
  int64_t created_millis = 0;
};

// One version of a document: its content as given, and the SHA-256 of that content.
struct DocumentVersionRecord {
  int64_t version = 1;
  std::string version_name;
  std::string content;
  std::string format;  // JSON, YAML or TEXT
  std::string hash;
  std::string requires_json;  // the Requires list as JSON text, "" when none was given
  int64_t created_millis = 0;
};

// A document shared with `account` ("all" for every account), and which version it sees.
struct DocumentShare {
  std::string account;
  std::string version;  // "" (the default version) or $DEFAULT, $LATEST or a number
};

// SQL of SSM documents, their versions and their shares. Documents of one account and region are
// few (AWS allows some hundreds), so listings read them whole and filter in the provider.
class DocumentStore {
 public:
  explicit DocumentStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  // Inserts or replaces the document row.
  void Put(store::Transaction& tx, const DocumentRecord& document);
  std::optional<DocumentRecord> Find(store::Transaction& tx, const core::Scope& scope,
                                     std::string_view name);
  // Every document in `scope`, by name.
  std::vector<DocumentRecord> List(store::Transaction& tx, const core::Scope& scope);
  // Removes the document with its versions and shares.
  void Delete(store::Transaction& tx, const core::Scope& scope, std::string_view name);

  void PutVersion(store::Transaction& tx, const core::Scope& scope, std::string_view name,
                  const DocumentVersionRecord& version);
  std::optional<DocumentVersionRecord> FindVersion(store::Transaction& tx, const core::Scope& scope,
                                                   std::string_view name, int64_t version);
  // The versions of a document, oldest first.
  std::vector<DocumentVersionRecord> Versions(store::Transaction& tx, const core::Scope& scope,
                                              std::string_view name);
  void DeleteVersion(store::Transaction& tx, const core::Scope& scope, std::string_view name,
                     int64_t version);

  void PutShare(store::Transaction& tx, const core::Scope& scope, std::string_view name,
                const DocumentShare& share);
  void RemoveShare(store::Transaction& tx, const core::Scope& scope, std::string_view name,
                   std::string_view account);
  // The shares of a document, by account.
  std::vector<DocumentShare> Shares(store::Transaction& tx, const core::Scope& scope,
                                    std::string_view name);
  // The documents of other accounts in `region` shared with `account` (or with all), with the
  // version each share names.
  std::vector<std::pair<DocumentRecord, std::string>> SharedWith(store::Transaction& tx,
                                                                 std::string_view account,
                                                                 std::string_view region);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::ssm
