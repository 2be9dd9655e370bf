// Parameter versions: their history (GetParameterHistory) and their labels
// (LabelParameterVersion, UnlabelParameterVersion).
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/ssm/parameter_names.h"
#include "services/ssm/parameter_provider.h"
#include "services/ssm/parameter_provider_internal.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::IntOr;
using core::protocol::OptInt;
using core::protocol::RequiredString;
using core::protocol::StringList;
using internal::kMaxLabelsPerVersion;
using internal::NameArray;
using internal::PolicyList;
using internal::ReadToken;

json::value ParameterProvider::GetParameterHistory(const RequestContext& ctx,
                                                   const json::object& in) {
  const std::string text = RequiredString(in, "Name");
  const bool decrypt = BoolOr(in, "WithDecryption", false);
  const int64_t max_results = IntOr(in, "MaxResults", 50);
  const std::string position = ReadToken(in, "GetParameterHistory");
  const int64_t after = IsAllDigits(position) && position.size() < 19 ? std::stoll(position) : 0;
  const bool by_arn = core::StartsWith(text, "arn:");
  if (!by_arn) CheckSubPaths(text);
  store::Transaction tx = parameters_.Read();
  std::string name = text;
  if (by_arn) {
    const std::optional<Reference> ref = ParseReference(ctx.scope, text);
    if (!ref || !ref->selector.empty()) ThrowNotFound(text);
    for (const std::string& spelling : ref->names) {
      if (parameters_.Latest(tx, ctx.scope, spelling)) name = spelling;
    }
  } else {
    name = StoredName(parameters_, tx, ctx.scope, text).value_or(text);
  }
  if (!parameters_.Latest(tx, ctx.scope, name)) ThrowNotFound(text);
  std::vector<ParameterRecord> records =
      parameters_.History(tx, ctx.scope, name, after, max_results + 1);
  json::object out;
  if (services::TrimPage(records, max_results)) {
    out["NextToken"] =
        services::EncodePageToken("GetParameterHistory", std::to_string(records.back().version));
  }
  const std::map<int64_t, std::vector<std::string>> labels =
      parameters_.LabelsByVersion(tx, ctx.scope, name);
  json::array history;
  for (const ParameterRecord& r : records) {
    const auto found = labels.find(r.version);
    json::object entry{
        {"Name", by_arn ? r.name : text},
        {"Type", r.type},
        {"LastModifiedDate", EpochSeconds(r.modified_millis)},
        {"LastModifiedUser", r.modified_user},
        {"Value", ValueOf(ctx, r, decrypt)},
        {"Version", r.version},
        {"Labels", NameArray(found == labels.end() ? std::vector<std::string>{} : found->second)},
        {"Tier", r.tier},
        {"Policies", PolicyList(r.policies)},
        {"DataType", r.data_type}};
    if (!r.key_id.empty()) entry["KeyId"] = r.key_id;
    if (!r.description.empty()) entry["Description"] = r.description;
    if (!r.allowed_pattern.empty()) entry["AllowedPattern"] = r.allowed_pattern;
    history.push_back(std::move(entry));
  }
  out["Parameters"] = std::move(history);
  return out;
}

json::value ParameterProvider::LabelParameterVersion(const RequestContext& ctx,
                                                     const json::object& in) {
  const std::string asked = RequiredString(in, "Name");
  CheckSubPaths(asked);
  const std::vector<std::string> labels = StringList(in, "Labels");
  store::Transaction tx = parameters_.Begin();
  const std::string name = StoredName(parameters_, tx, ctx.scope, asked).value_or(asked);
  const std::optional<ParameterRecord> latest = parameters_.Latest(tx, ctx.scope, name);
  if (!latest) ThrowNotFound(asked);
  const int64_t version = OptInt(in, "ParameterVersion").value_or(latest->version);
  if (!parameters_.Version(tx, ctx.scope, name, version)) {
    ThrowVersionNotFound(asked, std::to_string(version));
  }
  std::vector<std::string> invalid;
  std::vector<std::string> valid;
  for (const std::string& label : labels) {
    if (!IsValidLabel(label)) {
      invalid.push_back(label);
    } else if (std::find(valid.begin(), valid.end(), label) == valid.end()) {
      valid.push_back(label);
    }
  }
  std::vector<std::string> current = parameters_.Labels(tx, ctx.scope, name, version);
  size_t total = current.size();
  for (const std::string& label : valid) {
    if (std::find(current.begin(), current.end(), label) == current.end()) ++total;
  }
  if (total > kMaxLabelsPerVersion) {
    throw AwsError("ParameterVersionLabelLimitExceeded",
                   "A parameter version can have maximum 10 labels.Move one or more labels to "
                   "another version and try again.");
  }
  // A label names one version: attaching it here moves it from wherever it was.
  for (const std::string& label : valid) parameters_.SetLabel(tx, ctx.scope, name, label, version);
  tx.Commit();
  return json::object{{"InvalidLabels", NameArray(invalid)}, {"ParameterVersion", version}};
}

json::value ParameterProvider::UnlabelParameterVersion(const RequestContext& ctx,
                                                       const json::object& in) {
  const std::string asked = RequiredString(in, "Name");
  CheckSubPaths(asked);
  const std::vector<std::string> labels = StringList(in, "Labels");
  store::Transaction tx = parameters_.Begin();
  const std::optional<std::string> stored = StoredName(parameters_, tx, ctx.scope, asked);
  if (!stored) ThrowNotFound(asked);
  const std::string& name = *stored;
  const int64_t version = OptInt(in, "ParameterVersion").value_or(0);
  if (!parameters_.Version(tx, ctx.scope, name, version)) {
    ThrowVersionNotFound(asked, std::to_string(version));
  }
  const std::vector<std::string> current = parameters_.Labels(tx, ctx.scope, name, version);
  std::vector<std::string> removed;
  std::vector<std::string> invalid;
  for (const std::string& label : labels) {
    if (std::find(current.begin(), current.end(), label) != current.end()) {
      if (std::find(removed.begin(), removed.end(), label) == removed.end()) {
        parameters_.RemoveLabel(tx, ctx.scope, name, label);
        removed.push_back(label);
      }
    } else {
      invalid.push_back(label);
    }
  }
  tx.Commit();
  return json::object{{"RemovedLabels", NameArray(removed)}, {"InvalidLabels", NameArray(invalid)}};
}

}  // namespace nimbus::ssm
