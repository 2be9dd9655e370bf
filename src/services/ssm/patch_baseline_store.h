#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::ssm {

// A patch group's baseline for one operating system.
struct PatchGroupMapping {
  std::string patch_group;
  std::string operating_system;
  std::string baseline_id;  // "pb-..." for the caller's own, the ARN for an AWS-provided one
};

// SQL of custom patch baselines (kept as the JSON object of their members under the model's
// names), of patch groups, and of the default baseline chosen per operating system.
class PatchBaselineStore {
 public:
  explicit PatchBaselineStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  void Put(store::Transaction& tx, const core::Scope& scope, std::string_view baseline_id,
           const boost::json::object& body);
  std::optional<boost::json::object> Find(store::Transaction& tx, const core::Scope& scope,
                                          std::string_view baseline_id);
  // Every custom baseline in `scope`, oldest first.
  std::vector<boost::json::object> List(store::Transaction& tx, const core::Scope& scope);
  void Delete(store::Transaction& tx, const core::Scope& scope, std::string_view baseline_id);

  // Inserts or replaces the patch group's baseline for the mapping's operating system.
  void PutGroup(store::Transaction& tx, const core::Scope& scope, const PatchGroupMapping& m);
  void DeleteGroup(store::Transaction& tx, const core::Scope& scope, std::string_view patch_group,
                   std::string_view operating_system);
  // Every mapping in `scope`, by patch group then operating system.
  std::vector<PatchGroupMapping> Groups(store::Transaction& tx, const core::Scope& scope);

  // The default baseline registered for `operating_system`, or nullopt (AWS's own applies).
  std::optional<std::string> Default(store::Transaction& tx, const core::Scope& scope,
                                     std::string_view operating_system);
  void PutDefault(store::Transaction& tx, const core::Scope& scope,
                  std::string_view operating_system, std::string_view baseline_id);
  void DeleteDefault(store::Transaction& tx, const core::Scope& scope,
                     std::string_view operating_system);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::ssm
