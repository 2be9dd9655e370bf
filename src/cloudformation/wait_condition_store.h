#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace nimbus::cloudformation {

// A signal sent to a wait condition handle's URL
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-waitcondition.html),
// or through SignalResource to a resource with a CreationPolicy (no Reason and no Data then).
struct WaitSignal {
  std::string unique_id{};
  std::string status{};  // SUCCESS | FAILURE
  std::string reason{};
  std::string data{};
};

// A wait being waited for: which handle's signals it reads, how many successes it needs, and
// when it times out. A WaitCondition reads its Handle's; a resource with a CreationPolicy (a
// WaitCondition in that form included) reads its own: its handle is itself.
struct WaitConditionRecord {
  std::string stack_id{};
  std::string logical_id{};
  std::string handle_stack_id{};
  std::string handle_logical_id{};
  int64_t count = 1;
  int64_t deadline_millis = 0;
};

// The tables of AWS::CloudFormation::WaitConditionHandle and ::WaitCondition, and of
// CreationPolicy: each handle's signing secret, the signals its URL (or SignalResource) received,
// and the waits under way. Kept in the
// database, so that a restart with --data-dir goes on waiting and still accepts the URL.
class WaitConditionStore {
 public:
  explicit WaitConditionStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }

  void PutHandle(store::Transaction& tx, std::string_view stack_id, std::string_view logical_id,
                 std::string_view secret);
  // The secret the handle's URL is signed with, or nullopt for a handle that does not exist.
  std::optional<std::string> HandleSecret(store::Transaction& tx, std::string_view stack_id,
                                          std::string_view logical_id);
  // Deletes the handle and the signals it received.
  void DeleteHandle(store::Transaction& tx, std::string_view stack_id, std::string_view logical_id);

  // Records a signal of the handle; one with the same UniqueId replaces the earlier one.
  void PutSignal(store::Transaction& tx, std::string_view stack_id, std::string_view logical_id,
                 const WaitSignal& signal);
  // The handle's signals, in the order their UniqueIds first arrived.
  std::vector<WaitSignal> Signals(store::Transaction& tx, std::string_view stack_id,
                                  std::string_view logical_id);

  void PutCondition(store::Transaction& tx, const WaitConditionRecord& record);
  std::optional<WaitConditionRecord> Condition(store::Transaction& tx, std::string_view stack_id,
                                               std::string_view logical_id);
  void DeleteCondition(store::Transaction& tx, std::string_view stack_id,
                       std::string_view logical_id);

  // Forgets every handle, signal and wait of a deleted stack (a resource with a CreationPolicy
  // keeps its own signals until then).
  void DeleteStack(store::Transaction& tx, std::string_view stack_id);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::cloudformation
