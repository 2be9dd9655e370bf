#include "cloudformation/engine/creation_policy.h"

#include <charconv>
#include <string>

#include <boost/json/object.hpp>

#include "cloudformation/resources/property_checks.h"
#include "cloudformation/template/template_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::IntegerOf;

// nimbus's wording, in the form of AWS's template format errors (AWS's own is not recorded).
[[noreturn]] void Refuse(std::string_view logical_id, std::string_view member,
                         std::string_view what) {
  ThrowFormatError("[/Resources/" + std::string(logical_id) + "/CreationPolicy/" +
                   std::string(member) + "] " + std::string(what));
}

}  // namespace

std::optional<int64_t> DurationSeconds(std::string_view text) {
  if (!text.starts_with("PT") || text.size() == 2) return std::nullopt;
  text.remove_prefix(2);
  int64_t seconds = 0;
  std::string_view units = "HMS";  // in this order, each at most once
  while (!text.empty()) {
    int64_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end == text.data() || end == text.data() + text.size()) {
      return std::nullopt;
    }
    const size_t unit = units.find(*end);
    if (unit == std::string_view::npos || n > kMaxSignalTimeoutSeconds) return std::nullopt;
    seconds += n * (*end == 'H' ? 3600 : *end == 'M' ? 60 : 1);
    units.remove_prefix(unit + 1);
    text.remove_prefix(static_cast<size_t>(end - text.data()) + 1);
  }
  return seconds;
}

std::optional<SignalPolicy> SignalPolicyOf(std::string_view logical_id,
                                           const json::value& creation_policy) {
  if (!creation_policy.is_object()) return std::nullopt;  // the structure check refuses it
  const json::object& policy = creation_policy.get_object();
  SignalPolicy result;
  if (const json::value* scaling = policy.if_contains("AutoScalingCreationPolicy");
      scaling && scaling->is_object()) {
    if (const json::value* percent =
            scaling->get_object().if_contains("MinSuccessfulInstancesPercent")) {
      const std::optional<int64_t> n = IntegerOf(*percent);
      if (!n || *n < 0 || *n > 100) {
        Refuse(logical_id, "AutoScalingCreationPolicy/MinSuccessfulInstancesPercent",
               "MinSuccessfulInstancesPercent must be an integer from 0 to 100");
      }
      result.min_successful_instances_percent = *n;
    }
  }
  const json::value* signal = policy.if_contains("ResourceSignal");
  if (!signal) return std::nullopt;
  if (!signal->is_object()) {
    Refuse(logical_id, "ResourceSignal", "ResourceSignal must be an object");
  }
  if (const json::value* count = signal->get_object().if_contains("Count")) {
    const std::optional<int64_t> n = IntegerOf(*count);
    if (!n || *n < 0) {
      Refuse(logical_id, "ResourceSignal/Count", "Count must be a non-negative integer");
    }
    result.count = *n;
  }
  if (const json::value* timeout = signal->get_object().if_contains("Timeout")) {
    const std::optional<int64_t> seconds =
        timeout->is_string() ? DurationSeconds(timeout->get_string()) : std::nullopt;
    if (!seconds || *seconds > kMaxSignalTimeoutSeconds) {
      Refuse(logical_id, "ResourceSignal/Timeout",
             "Timeout must be an ISO 8601 duration in the form PT#H#M#S of at most 12 hours");
    }
    result.timeout_seconds = *seconds;
  }
  return result;
}

}  // namespace nimbus::cloudformation
