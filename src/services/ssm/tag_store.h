#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::ssm {

// Tags of SSM resources of every type (Parameter, ManagedInstance, Document, ...), keyed by
// scope, resource type and resource id. Shared by the parameter and managed-node providers; the
// tag operations (AddTagsToResource, ...) live in the parameter provider.
class TagStore {
 public:
  explicit TagStore(store::Database& db);

  // The ssm_tags table's migrations, for stores whose SQL joins it (they keep a Schema of it).
  static const std::vector<std::string>& Migrations();

  // Adds or overwrites tags.
  void Put(store::Transaction& tx, const core::Scope& scope, std::string_view resource_type,
           std::string_view resource_id, const std::map<std::string, std::string>& tags);
  void Remove(store::Transaction& tx, const core::Scope& scope, std::string_view resource_type,
              std::string_view resource_id, const std::vector<std::string>& keys);
  // Removes every tag of the resource (when the resource is deleted).
  void RemoveAll(store::Transaction& tx, const core::Scope& scope, std::string_view resource_type,
                 std::string_view resource_id);
  // Tags by key (sorted).
  std::map<std::string, std::string> List(store::Transaction& tx, const core::Scope& scope,
                                          std::string_view resource_type,
                                          std::string_view resource_id);

  // The table, for providers that filter by tag in SQL:
  //   ssm_tags(account, region, resource_type, resource_id, key, value)
  static constexpr std::string_view kTable = "ssm_tags";

 private:
  store::Schema schema_;
};

}  // namespace nimbus::ssm
