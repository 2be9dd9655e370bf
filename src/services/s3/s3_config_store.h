#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/database.h"

namespace nimbus::s3 {

// The configuration documents of buckets (policy, tagging, encryption, CORS, lifecycle, ...):
// one JSON document (or, for a policy, the policy text) per bucket and kind, kept as given.
// A component of its own, so that the bucket tables' migrations stay the object store's.
class S3ConfigStore {
 public:
  explicit S3ConfigStore(store::Database& db);

  // The document of `kind` ("policy", "tagging", ...) of `bucket`, or nullopt if none was put.
  // These take a transaction opened by S3Store (the same database).
  std::optional<std::string> Find(store::Transaction& tx, std::string_view bucket,
                                  std::string_view kind) const;
  // Inserts or replaces the document.
  void Put(store::Transaction& tx, std::string_view bucket, std::string_view kind,
           std::string_view document);
  void Delete(store::Transaction& tx, std::string_view bucket, std::string_view kind);
  // Deletes every document of `bucket` (the bucket is being deleted).
  void DeleteAll(store::Transaction& tx, std::string_view bucket);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::s3
