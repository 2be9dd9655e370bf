#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::cloudformation {

// One DetectStackDrift operation, as DescribeStackDriftDetectionStatus answers it.
struct DriftDetectionRecord {
  std::string id{};  // StackDriftDetectionId
  std::string stack_id{};
  core::Scope scope{};
  std::string status = "DETECTION_IN_PROGRESS";  // | DETECTION_COMPLETE | DETECTION_FAILED
  std::string reason{};                          // DetectionStatusReason
  std::string stack_drift_status{};              // DRIFTED | IN_SYNC | NOT_CHECKED; "" until done
  int64_t drifted_count = 0;
  int64_t timestamp_millis = 0;
  std::string logical_ids = "[]";  // the LogicalResourceIds asked for, JSON
  std::string caller = "{}";       // who asked (Deployer::CallerToJson), for the resources' reads
};

// The last drift a resource was found in: its StackResourceDrift (JSON, the API's shape).
struct ResourceDriftRecord {
  std::string logical_id{};
  std::string status{};  // StackResourceDriftStatus
  int64_t timestamp_millis = 0;
  std::string drift = "{}";
};

// Drift detection's tables: the detections, each stack's last drift status and each resource's
// last drift.
class DriftStore {
 public:
  explicit DriftStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  // Inserts or replaces the detection `record.id`.
  void PutDetection(store::Transaction& tx, const DriftDetectionRecord& record);
  // The detection `id` in `scope`, or nullopt.
  std::optional<DriftDetectionRecord> FindDetection(store::Transaction& tx,
                                                    const core::Scope& scope, std::string_view id);
  // The detection with this id in any account (scheduler tasks know only the id), or nullopt.
  std::optional<DriftDetectionRecord> FindDetectionAnywhere(store::Transaction& tx,
                                                            std::string_view id);

  // The stack's last drift status and when it was checked.
  void PutStackDrift(store::Transaction& tx, std::string_view stack_id, std::string_view status,
                     int64_t timestamp_millis);
  std::optional<std::pair<std::string, int64_t>> StackDrift(store::Transaction& tx,
                                                            std::string_view stack_id);

  // Inserts or replaces the resource's last drift.
  void PutResourceDrift(store::Transaction& tx, std::string_view stack_id,
                        const ResourceDriftRecord& record);
  // The stack's resources' last drifts, by logical id.
  std::vector<ResourceDriftRecord> ResourceDrifts(store::Transaction& tx,
                                                  std::string_view stack_id);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::cloudformation
