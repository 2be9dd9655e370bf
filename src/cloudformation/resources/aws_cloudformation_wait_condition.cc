// AWS::CloudFormation::WaitConditionHandle and AWS::CloudFormation::WaitCondition
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-waitconditionhandle.html,
// aws-properties-waitcondition.html, using-cfn-waitcondition.html). A handle is a presigned URL
// that nimbus serves (wait_condition_url.h; StackProvider::SignalWaitConditionHandle records what
// is PUT to it and wakes the deployer). A wait condition stays CREATE_IN_PROGRESS until its
// handle has Count SUCCESS signals, and fails at a FAILURE signal or at its Timeout; the deployer
// asks it again when a signal arrives or at the deadline, never in between.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/wait_condition_store.h"
#include "cloudformation/wait_condition_url.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

// "The maximum time that can be specified for this property is 12 hours (43200 seconds)."
constexpr int64_t kMaxTimeoutSeconds = 43200;

// The code of a wait condition's failure; only its message is shown (as the status reason).
constexpr std::string_view kFailureCode = "WaitConditionFailure";

using internal::IntegerOf;

void RefuseOtherProperties(const json::object& props, std::initializer_list<std::string_view> known,
                           std::vector<std::string>& problems) {
  std::string unsupported;
  for (const auto& [key, value] : props) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    unsupported += (unsupported.empty() ? "" : ", ") + std::string(key);
  }
  if (!unsupported.empty()) {
    problems.insert(problems.begin(),
                    "Encountered unsupported properties in {/}: [" + unsupported + "]");
  }
}

class WaitConditionHandle final : public Resource {
 public:
  WaitConditionHandle(const Runtime& rt, WaitConditionStore& waits) : rt_(rt), waits_(waits) {}
  std::string_view Type() const override { return "AWS::CloudFormation::WaitConditionHandle"; }

  void Validate(const json::object& props) const override {
    std::vector<std::string> problems;
    RefuseOtherProperties(props, {}, problems);
    if (!problems.empty()) ThrowPropertyValidation(problems);
  }

  // The physical id is the URL, as the console shows it; Ref returns it.
  ResourceResult Create(const ResourceRequest& req) override {
    const std::string secret = req.ids.Hex(64);
    store::Transaction tx = waits_.Begin();
    waits_.PutHandle(tx, req.stack_id, req.logical_id, secret);
    tx.Commit();
    const WaitHandleAddress address{.region = req.ctx.scope.region,
                                    .stack_id = std::string(req.stack_id),
                                    .logical_id = std::string(req.logical_id)};
    return {.physical_id =
                WaitHandleUrl(rt_.options.endpoint, address, secret, rt_.clock.NowMillis())};
  }

  // "Updates aren't supported for this resource": the handle stays as it is.
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)req;
    (void)previous;
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    (void)physical_id;
    store::Transaction tx = waits_.Begin();
    waits_.DeleteHandle(tx, req.stack_id, req.logical_id);
    tx.Commit();
  }

  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    (void)req;
    (void)physical_id;
    (void)name;
    return std::nullopt;  // the type has no attributes
  }

  std::vector<std::string> Identifiers() const override { return {"Id"}; }

 private:
  const Runtime& rt_;
  WaitConditionStore& waits_;
};

class WaitCondition final : public Resource {
 public:
  WaitCondition(const Runtime& rt, WaitConditionStore& waits) : rt_(rt), waits_(waits) {}
  std::string_view Type() const override { return "AWS::CloudFormation::WaitCondition"; }

  void Validate(const json::object& props) const override {
    std::vector<std::string> problems;
    RefuseOtherProperties(props, {"Count", "Handle", "Timeout"}, problems);
    if (const json::value* handle = props.if_contains("Handle"); handle && !handle->is_string()) {
      problems.push_back("Value of property {/Handle} does not match type {String}");
    }
    if (const json::value* count = props.if_contains("Count")) {
      const std::optional<int64_t> n = IntegerOf(*count);
      if (!n) problems.push_back("Value of property {/Count} does not match type {Integer}");
    }
    if (const json::value* timeout = props.if_contains("Timeout")) {
      const std::optional<int64_t> seconds = IntegerOf(*timeout);
      if (!seconds || *seconds < 0 || *seconds > kMaxTimeoutSeconds) {
        problems.push_back("Value of property {/Timeout} must be a number of seconds from 0 to " +
                           std::to_string(kMaxTimeoutSeconds));
      }
    }
    if (!problems.empty()) ThrowPropertyValidation(problems);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    // The CreationPolicy form: the deployer waits for the signals SignalResource sends to this
    // resource, as for any resource with a CreationPolicy ("don't specify any of the wait
    // condition's properties" then, says the user guide; a Handle given anyway is not read).
    if (req.awaits_signals) return {.physical_id = PhysicalId(req)};
    const json::value* handle_url = req.props.if_contains("Handle");
    if (!handle_url) {
      throw core::AwsError(std::string(kFailureCode),
                           "WaitCondition " + std::string(req.logical_id) +
                               " has neither a Handle nor a CreationPolicy: nothing can signal it");
    }
    const std::optional<WaitHandleAddress> handle = ParseWaitHandleUrl(handle_url->as_string());
    store::Transaction tx = waits_.Begin();
    if (!handle || !waits_.HandleSecret(tx, handle->stack_id, handle->logical_id)) {
      throw core::AwsError(std::string(kFailureCode),
                           "Handle " + std::string(handle_url->as_string()) +
                               " is not the URL of a wait condition handle that exists");
    }
    const json::value* count = req.props.if_contains("Count");
    const json::value* timeout = req.props.if_contains("Timeout");
    // Without a Timeout nimbus waits as long as AWS allows.
    const int64_t seconds = timeout ? IntegerOf(*timeout).value_or(0) : kMaxTimeoutSeconds;
    const WaitConditionRecord record{.stack_id = std::string(req.stack_id),
                                     .logical_id = std::string(req.logical_id),
                                     .handle_stack_id = handle->stack_id,
                                     .handle_logical_id = handle->logical_id,
                                     .count = count ? IntegerOf(*count).value_or(1) : 1,
                                     .deadline_millis = rt_.clock.NowMillis() + seconds * 1000};
    waits_.PutCondition(tx, record);
    // Signals the handle received before (a handle reused, or a quick signaller) count at once.
    const bool ready = Received(tx, record);
    tx.Commit();
    return {.physical_id = PhysicalId(req), .ready = ready};
  }

  bool Ready(const ResourceRequest& req, std::string_view physical_id) override {
    (void)physical_id;
    store::Transaction tx = waits_.Begin();
    const std::optional<WaitConditionRecord> record =
        waits_.Condition(tx, req.stack_id, req.logical_id);
    return !record || Received(tx, *record);
  }

  // A signal wakes the deployer; otherwise there is nothing to ask before the deadline.
  std::optional<int64_t> NextPollMillis(const ResourceRequest& req,
                                        std::string_view physical_id) override {
    (void)physical_id;
    store::Transaction tx = waits_.Begin();
    const std::optional<WaitConditionRecord> record =
        waits_.Condition(tx, req.stack_id, req.logical_id);
    if (!record) return std::nullopt;
    return std::max<int64_t>(1, record->deadline_millis - rt_.clock.NowMillis());
  }

  // "Updates aren't supported" for any of its properties.
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)req;
    (void)previous;
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    (void)physical_id;
    store::Transaction tx = waits_.Begin();
    waits_.DeleteCondition(tx, req.stack_id, req.logical_id);
    tx.Commit();
  }

  // Data: {"<UniqueId>": "<Data>", ...} as a string, every signal the handle received.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    (void)physical_id;
    if (name != "Data") return std::nullopt;
    store::Transaction tx = waits_.Begin();
    const std::optional<WaitConditionRecord> record =
        waits_.Condition(tx, req.stack_id, req.logical_id);
    json::object data;
    if (record) {
      for (const WaitSignal& signal :
           waits_.Signals(tx, record->handle_stack_id, record->handle_logical_id)) {
        data[signal.unique_id] = signal.data;
      }
    }
    return json::value(json::serialize(data));
  }

  std::vector<std::string> Identifiers() const override { return {"Id"}; }

 private:
  // The stack id and the logical id, as AWS names a wait condition.
  static std::string PhysicalId(const ResourceRequest& req) {
    return std::string(req.stack_id) + "/" + std::string(req.logical_id);
  }

  // Whether Count SUCCESS signals arrived. Throws the resource's failure at a FAILURE signal or
  // once the deadline has passed.
  bool Received(store::Transaction& tx, const WaitConditionRecord& record) {
    int64_t successes = 0;
    for (const WaitSignal& signal :
         waits_.Signals(tx, record.handle_stack_id, record.handle_logical_id)) {
      if (signal.status == "FAILURE") {
        throw core::AwsError(std::string(kFailureCode), "WaitCondition received failed message: '" +
                                                            signal.reason +
                                                            "' for uniqueId: " + signal.unique_id);
      }
      ++successes;
    }
    if (successes >= record.count) return true;
    if (rt_.clock.NowMillis() >= record.deadline_millis) {
      throw core::AwsError(std::string(kFailureCode),
                           "WaitCondition timed out. Received " + std::to_string(successes) +
                               " conditions when expecting " + std::to_string(record.count));
    }
    return false;
  }

  const Runtime& rt_;
  WaitConditionStore& waits_;
};

}  // namespace

std::unique_ptr<Resource> internal::MakeWaitConditionHandle(const Runtime& rt,
                                                            WaitConditionStore& waits) {
  return std::make_unique<WaitConditionHandle>(rt, waits);
}

std::unique_ptr<Resource> internal::MakeWaitCondition(const Runtime& rt,
                                                      WaitConditionStore& waits) {
  return std::make_unique<WaitCondition>(rt, waits);
}

}  // namespace nimbus::cloudformation
