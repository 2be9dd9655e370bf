#include "services/ssm/parameter_filters.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/ssm/parameter_names.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::protocol::OptArray;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

std::string FilterOption(const json::object& filter, std::string_view key) {
  if (std::optional<std::string> option = OptString(filter, "Option")) return *option;
  return key == "Path" ? "OneLevel" : "Equals";
}

// InvalidFilterValue unless every value is one of `allowed`.
void CheckValues(const std::vector<std::string>& values,
                 const std::vector<std::string_view>& allowed) {
  for (const std::string& value : values) {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      std::string list;
      for (const std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw AwsError("InvalidFilterValue", "The following filter value is not valid: " + value +
                                               ". Valid values include: [" + list + "].");
    }
  }
}

}  // namespace

// ParameterFilters of GetParametersByPath (by_path) or DescribeParameters, checked as AWS does.
std::vector<ParameterFilter> ReadParameterFilters(const json::object& in, bool by_path) {
  std::vector<ParameterFilter> filters;
  std::set<std::string> seen;
  const json::array* items = OptArray(in, "ParameterFilters");
  if (!items) return filters;
  for (const json::value& item : *items) {
    const json::object& obj = item.as_object();
    ParameterFilter filter{.key = RequiredString(obj, "Key"),
                           .option = FilterOption(obj, RequiredString(obj, "Key")),
                           .values = StringList(obj, "Values")};
    const std::string& key = filter.key;
    const bool is_tag = core::StartsWith(key, "tag:");
    if (by_path) {
      if (key != "Type" && key != "KeyId" && key != "Label") {
        throw AwsError("InvalidFilterKey", "The following filter key is not valid: " + key +
                                               ". Valid filter keys include: [Type, KeyId, "
                                               "Label].");
      }
    } else if (key == "Label") {
      throw AwsError("InvalidFilterKey",
                     "The following filter key is not valid: Label. Valid filter keys include: "
                     "[Path, Name, Type, KeyId, Tier, DataType, tag:<key>].");
    }
    if (!seen.insert(key).second) {
      throw AwsError("InvalidFilterKey", "The following filter is duplicated in the request: " +
                                             key +
                                             ". A request can contain only one occurrence of a "
                                             "specific filter.");
    }
    if (filter.values.empty() && !is_tag) {
      throw AwsError("InvalidFilterValue",
                     "The following filter values are missing : null for filter key " + key + ".");
    }
    std::vector<std::string_view> options = {"BeginsWith", "Equals"};
    if (key == "Path") options = {"Recursive", "OneLevel"};
    if (key == "Name" && !by_path) options.push_back("Contains");
    if (key == "Label") options = {"Equals"};
    if (std::find(options.begin(), options.end(), filter.option) == options.end()) {
      std::string list;
      for (const std::string_view o : options) list += (list.empty() ? "" : ", ") + std::string(o);
      throw AwsError("InvalidFilterOption", "The following filter option is not valid: " +
                                                filter.option + ". Valid options include: [" +
                                                list + "].");
    }
    if (key == "Type" && filter.option == "Equals") {
      CheckValues(filter.values, {"String", "StringList", "SecureString"});
    }
    if (key == "Tier" && filter.option == "Equals") {
      CheckValues(filter.values, {"Standard", "Advanced", "Intelligent-Tiering"});
    }
    if (key == "Path") {
      for (const std::string& value : filter.values) {
        if (HasReservedPrefix(value) && value.size() > 1) {
          core::ValidationFailed(
              "Filters for common parameters can't be prefixed with \"aws\" or \"ssm\" "
              "(case-insensitive). When using global parameters, please specify within a global "
              "namespace.");
        }
        ValidatePath(value);
      }
    }
    filters.push_back(std::move(filter));
  }
  return filters;
}

// The deprecated DescribeParameters Filters (Name, Type, KeyId), as ParameterFilters.
std::vector<ParameterFilter> ReadLegacyFilters(const json::object& in) {
  std::vector<ParameterFilter> filters;
  const json::array* items = OptArray(in, "Filters");
  if (!items) return filters;
  for (const json::value& item : *items) {
    const json::object& obj = item.as_object();
    ParameterFilter filter{.key = RequiredString(obj, "Key"),
                           .option = "Equals",
                           .values = StringList(obj, "Values")};
    if (filter.key == "Name") filter.option = "BeginsWith";
    filters.push_back(std::move(filter));
  }
  return filters;
}

}  // namespace nimbus::ssm
