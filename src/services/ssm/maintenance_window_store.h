#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::ssm {

// What a row of the maintenance-window table holds: the window itself, or one of its targets
// or tasks.
enum class WindowItem { kWindow, kTarget, kTask };

// SQL of maintenance windows, their targets and their tasks. Each is kept as the JSON object of
// its members under the model's names (what Get* answers, plus a few internal members the
// provider strips), because the provider reads and writes them whole and never searches inside
// them in SQL. A window's targets and tasks are few (AWS allows some dozens), so listings read
// them whole and filter in the provider.
class MaintenanceWindowStore {
 public:
  explicit MaintenanceWindowStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  // Inserts or replaces an item; `item_id` is "" for the window itself.
  void Put(store::Transaction& tx, const core::Scope& scope, std::string_view window_id,
           WindowItem kind, std::string_view item_id, const boost::json::object& body);
  std::optional<boost::json::object> Find(store::Transaction& tx, const core::Scope& scope,
                                          std::string_view window_id, WindowItem kind,
                                          std::string_view item_id = "");
  // The items of one kind, of one window (or of every window when `window_id` is ""), by window
  // id then creation order.
  std::vector<boost::json::object> List(store::Transaction& tx, const core::Scope& scope,
                                        WindowItem kind, std::string_view window_id = "");
  void Delete(store::Transaction& tx, const core::Scope& scope, std::string_view window_id,
              WindowItem kind, std::string_view item_id);
  // Removes the window with its targets and tasks.
  void DeleteWindow(store::Transaction& tx, const core::Scope& scope, std::string_view window_id);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::ssm
