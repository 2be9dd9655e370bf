#include "services/ssm/parameter_provider.h"

#include <re2/re2.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/model/model.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"
#include "services/ssm/parameter_filters.h"
#include "services/ssm/parameter_names.h"
#include "services/ssm/parameter_provider_internal.h"
#include "services/ssm/public_parameters.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::IntOr;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using internal::NameArray;
using internal::PolicyList;
using internal::ReadToken;

namespace {

// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
constexpr int64_t kMaxVersions = 100;
constexpr size_t kMaxTagsPerResource = 50;
constexpr size_t kStandardValueLimit = 4096;
constexpr size_t kAdvancedValueLimit = 8192;
constexpr size_t kMaxPolicies = 10;
constexpr std::string_view kDefaultKey = "alias/aws/ssm";
constexpr std::string_view kTooManyTagsMessage =
    "The Tags parameter contains too many tags. A resource can have up to 50 tags.";

// CloudFormation tags what it creates with aws:cloudformation:stack-name, stack-id and
// logical-id; only a call it makes on the caller's behalf may write them.
bool MayWriteReservedTag(const RequestContext& ctx, std::string_view key) {
  return ctx.caller.called_via == "cloudformation.amazonaws.com" &&
         core::StartsWith(key, "aws:cloudformation:");
}

void ValidateTags(const RequestContext& ctx, const std::map<std::string, std::string>& tags,
                  size_t existing_after_merge) {
  for (const auto& [key, value] : tags) {
    if (services::IsReservedTagKey(key) && !MayWriteReservedTag(ctx, key)) {
      core::ValidationFailed("1 validation error detected: Value '" + key +
                             "' at 'tags.key' failed to satisfy constraint: Tag keys can't "
                             "begin with the reserved prefix aws:");
    }
  }
  if (existing_after_merge > kMaxTagsPerResource) {
    throw AwsError("TooManyTagsError", std::string(kTooManyTagsMessage));
  }
}

}  // namespace

namespace internal {

// The position of the request's NextToken for listing `kind` (the operation); "" without one.
std::string ReadToken(const json::object& in, std::string_view kind) {
  std::optional<std::string> position = services::ReadPageToken(in, "NextToken", kind);
  if (!position) throw AwsError("InvalidNextToken", "The specified token is not valid.");
  return std::move(*position);
}

}  // namespace internal

namespace {

struct Policy {
  std::string text;
  std::string type;
};

std::vector<Policy> ParsePolicies(std::string_view text) {
  std::vector<Policy> policies;
  if (text.empty()) return policies;
  boost::system::error_code ec;
  const json::value doc = json::parse(text, ec);
  if (ec || !doc.is_array()) {
    throw AwsError("InvalidPolicyAttributeException",
                   "A policy attribute or its value is invalid. The policy text must be a JSON "
                   "array of policies.");
  }
  if (doc.as_array().size() > kMaxPolicies) {
    throw AwsError("PoliciesLimitExceededException",
                   "You specified more than the maximum number of allowed policies for the "
                   "parameter. The maximum is 10.");
  }
  for (const json::value& item : doc.as_array()) {
    const json::object* obj = item.if_object();
    const std::string type_text = obj ? core::protocol::StringOr(*obj, "Type", "") : "";
    if (type_text != "Expiration" && type_text != "ExpirationNotification" &&
        type_text != "NoChangeNotification") {
      throw AwsError("InvalidPolicyTypeException",
                     "The policy type is not supported. Parameter Store supports the following "
                     "policy types: Expiration, ExpirationNotification, and "
                     "NoChangeNotification.");
    }
    policies.push_back({json::serialize(item), type_text});
  }
  return policies;
}

}  // namespace

namespace internal {

json::array PolicyList(std::string_view text) {
  json::array out;
  for (const Policy& policy : ParsePolicies(text)) {
    out.push_back(json::object{{"PolicyText", policy.text},
                               {"PolicyType", policy.type},
                               {"PolicyStatus", "Pending"}});
  }
  return out;
}

}  // namespace internal

namespace {

std::string CallerArn(const RequestContext& ctx) {
  if (!ctx.caller.arn.empty()) return ctx.caller.arn;
  return core::GlobalArn(ctx.scope, "iam", "root");
}

// A name in AWS's reserved "aws" space ("aws-x", "/aws/service/..."), case-insensitive.
bool HasAwsPrefix(std::string_view name) {
  name = core::Trim(name);
  while (!name.empty() && name.front() == '/') name.remove_prefix(1);
  return core::ToLower(name.substr(0, 3)) == "aws";
}

}  // namespace

namespace internal {

json::array NameArray(const std::vector<std::string>& names) {
  json::array out;
  for (const std::string& name : names) out.emplace_back(name);
  return out;
}

}  // namespace internal

ParameterProvider::ParameterProvider(Runtime& rt, const core::ServiceClient& services)
    : services_(services), parameters_(rt.db), tags_(rt.db), nodes_(rt.db), documents_(rt.db),
      windows_(rt.db), baselines_(rt.db) {
  Register("PutParameter", &ParameterProvider::PutParameter);
  Register("GetParameter", &ParameterProvider::GetParameter);
  Register("GetParameters", &ParameterProvider::GetParameters);
  Register("GetParametersByPath", &ParameterProvider::GetParametersByPath);
  Register("DeleteParameter", &ParameterProvider::DeleteParameter);
  Register("DeleteParameters", &ParameterProvider::DeleteParameters);
  Register("DescribeParameters", &ParameterProvider::DescribeParameters);
  Register("GetParameterHistory", &ParameterProvider::GetParameterHistory);
  Register("LabelParameterVersion", &ParameterProvider::LabelParameterVersion);
  Register("UnlabelParameterVersion", &ParameterProvider::UnlabelParameterVersion);
  Register("AddTagsToResource", &ParameterProvider::AddTagsToResource);
  Register("RemoveTagsFromResource", &ParameterProvider::RemoveTagsFromResource);
  Register("ListTagsForResource", &ParameterProvider::ListTagsForResource);
}

json::object ParameterProvider::ToParameter(const RequestContext& ctx,
                                            const ParameterRecord& record, bool decrypt) {
  return json::object{{"Name", record.name},
                      {"Type", record.type},
                      {"Value", ValueOf(ctx, record, decrypt)},
                      {"Version", record.version},
                      {"LastModifiedDate", EpochSeconds(record.modified_millis)},
                      {"ARN", ParameterArn(ctx.scope, record.name)},
                      {"DataType", record.data_type}};
}

json::object ParameterProvider::Found(const RequestContext& ctx, const ParameterRecord& record,
                                      const std::optional<Reference>& ref, bool decrypt) {
  json::object parameter = ToParameter(ctx, record, decrypt);
  if (ref && !ref->asked.empty()) parameter["Name"] = ref->asked;
  if (ref && !ref->selector.empty()) parameter["Selector"] = ":" + ref->selector;
  return parameter;
}

json::value ParameterProvider::PutParameter(const RequestContext& ctx, const json::object& in) {
  const std::string asked = ValidateNewName(ctx.scope, RequiredString(in, "Name"));
  const std::string value = core::protocol::StringOr(in, "Value", "");
  if (value.empty()) {
    core::ValidationFailed(
        "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member "
        "must have length greater than or equal to 1.");
  }
  const bool overwrite = BoolOr(in, "Overwrite", false);
  const std::map<std::string, std::string> tags = services::ReadTagMap(in);
  if (overwrite && in.contains("Tags")) {
    core::ValidationFailed(
        "Invalid request: tags and overwrite can't be used together. To create a parameter with "
        "tags, please remove overwrite flag. To update tags for an existing parameter, please "
        "use AddTagsToResource or RemoveTagsFromResource.");
  }
  if (tags.size() > kMaxTagsPerResource) {
    // PutParameter does not list TooManyTagsError, so it cannot be AWS's answer here.
    core::ValidationFailed(std::string(kTooManyTagsMessage));
  }
  ValidateTags(ctx, tags, tags.size());

  store::Transaction tx = parameters_.Begin();
  // "foo" and "/foo" are one parameter: a new version keeps the spelling it was created with.
  const std::string name = StoredName(parameters_, tx, ctx.scope, asked).value_or(asked);
  const std::optional<ParameterRecord> latest = parameters_.Latest(tx, ctx.scope, name);
  if (latest && !overwrite) {
    throw AwsError("ParameterAlreadyExists",
                   "The parameter already exists. To overwrite this value, set the overwrite "
                   "option in the request to true.");
  }
  ParameterRecord record;
  record.name = name;
  record.version = latest ? latest->version + 1 : 1;
  record.modified_millis = ctx.now_millis;
  record.modified_user = CallerArn(ctx);

  const std::optional<std::string> type = OptString(in, "Type");
  if (!type && !latest) {
    core::ValidationFailed("A parameter type is required when you create a parameter.");
  }
  record.type = type.value_or(latest ? latest->type : "String");
  record.description = OptString(in, "Description").value_or(latest ? latest->description : "");
  record.allowed_pattern =
      OptString(in, "AllowedPattern").value_or(latest ? latest->allowed_pattern : "");
  record.data_type = OptString(in, "DataType").value_or(latest ? latest->data_type : "text");
  record.policies = OptString(in, "Policies").value_or("");

  const std::optional<std::string> key_id = OptString(in, "KeyId");
  if (key_id && record.type != "SecureString") {
    core::ValidationFailed("KeyId is required for SecureString type parameter only.");
  }

  if (record.data_type != "text" && record.data_type != "aws:ec2:image" &&
      record.data_type != "aws:ssm:integration") {
    core::ValidationFailed("The following data type is not supported: " + record.data_type +
                           " (Data type names are all lowercase.)");
  }
  if (record.data_type == "aws:ec2:image") {
    static const re2::RE2 kAmi("ami-([0-9a-f]{8}|[0-9a-f]{17})");
    if (record.type != "String") {
      core::ValidationFailed("The data type aws:ec2:image is supported only for String "
                             "parameters.");
    }
    if (!re2::RE2::FullMatch(value, kAmi)) {
      core::ValidationFailed("Invalid format for the parameter value. A parameter with data type "
                             "aws:ec2:image must have a value of an AMI ID in the format "
                             "ami-12345abcdeEXAMPLE.");
    }
  }

  if (!record.allowed_pattern.empty()) {
    // RE2, not std::regex: the pattern and the value both come from the client, and a
    // backtracking engine can be made to take exponential time or overflow its stack.
    re2::RE2::Options options;
    options.set_log_errors(false);
    const re2::RE2 pattern(core::model::TranslatePattern(record.allowed_pattern), options);
    if (!pattern.ok()) {
      throw AwsError("InvalidAllowedPatternException",
                     "The request does not meet the regular expression requirement.");
    }
    if (!re2::RE2::FullMatch(value, pattern)) {
      throw AwsError("ParameterPatternMismatchException",
                     "Parameter value, cannot be validated against allowedPattern: " +
                         record.allowed_pattern);
    }
  }

  // Tier: https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
  const std::vector<Policy> policies = ParsePolicies(record.policies);
  const std::optional<std::string> tier = OptString(in, "Tier");
  const bool was_advanced = latest && latest->tier == "Advanced";
  if (!tier || *tier == "Intelligent-Tiering") {
    const bool needs_advanced = value.size() > kStandardValueLimit || !policies.empty();
    record.tier = was_advanced || (tier && needs_advanced) ? "Advanced" : "Standard";
  } else {
    record.tier = *tier;
  }
  if (record.tier == "Standard" && was_advanced) {
    core::ValidationFailed(
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from "
        "the advanced-parameter tier to the standard-parameter tier. If necessary, you can "
        "delete the advanced parameter and recreate it as a standard parameter.");
  }
  if (record.tier == "Standard" && value.size() > kStandardValueLimit) {
    core::ValidationFailed(
        "Standard tier parameters support a maximum parameter value of 4096 characters. To "
        "create a larger parameter value, upgrade the parameter to use the advanced-parameter "
        "tier. For more information, see "
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
        "parameter-store-advanced-parameters.html");
  }
  if (value.size() > kAdvancedValueLimit) {
    core::ValidationFailed(
        "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must "
        "have length less than or equal to 8192");
  }
  if (record.tier == "Standard" && !policies.empty()) {
    core::ValidationFailed(
        "Standard tier parameters don't support parameter policies. To use parameter policies, "
        "upgrade the parameter to use the advanced-parameter tier.");
  }

  // Versions: at most 100 are kept; the oldest goes unless it carries a label.
  if (latest && parameters_.VersionCount(tx, ctx.scope, name) >= kMaxVersions) {
    const int64_t oldest = parameters_.OldestVersion(tx, ctx.scope, name);
    if (!parameters_.Labels(tx, ctx.scope, name, oldest).empty()) {
      throw AwsError("ParameterMaxVersionLimitExceeded",
                     "You attempted to create a new version of " + name +
                         " by calling the PutParameter API with the overwrite flag. Version " +
                         std::to_string(oldest) +
                         ", the oldest version, can't be deleted because it has a label "
                         "associated with it. Move the label to another version of the "
                         "parameter, and try again.");
    }
    parameters_.DeleteVersion(tx, ctx.scope, name, oldest);
  }

  if (record.type == "SecureString") {
    const bool same_type = latest && latest->type == "SecureString";
    record.key_id = key_id.value_or(same_type ? latest->key_id : std::string(kDefaultKey));
    record.value = Encrypt(ctx, record.key_id, name, value);
  } else {
    record.value = value;
  }

  parameters_.Insert(tx, ctx.scope, record);
  if (!tags.empty()) tags_.Put(tx, ctx.scope, "Parameter", name, tags);
  tx.Commit();
  return json::object{{"Version", record.version}, {"Tier", record.tier}};
}

json::value ParameterProvider::GetParameter(const RequestContext& ctx, const json::object& in) {
  const std::string text = RequiredString(in, "Name");
  const bool decrypt = BoolOr(in, "WithDecryption", false);
  // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html:
  // surrounding spaces are removed; spaces between characters are a ValidationException.
  if (core::Trim(text).find(' ') != std::string_view::npos) {
    core::ValidationFailed("Parameter name: can't contain spaces between characters.");
  }
  const std::optional<Reference> ref = ParseReference(ctx.scope, text);
  if (ref) CheckSubPaths(ref->asked);
  if (std::optional<json::object> found = GetPublicParameter(ctx, text)) {
    return json::object{{"Parameter", std::move(*found)}};
  }
  store::Transaction tx = parameters_.Read();
  const ParameterRecord record = Resolve(parameters_, tx, ctx.scope, text);
  return json::object{{"Parameter", Found(ctx, record, ref, decrypt)}};
}

json::value ParameterProvider::GetParameters(const RequestContext& ctx, const json::object& in) {
  const bool decrypt = BoolOr(in, "WithDecryption", false);
  json::array found;
  std::vector<std::string> invalid;
  std::set<std::string> seen;
  store::Transaction tx = parameters_.Read();
  for (const std::string& text : StringList(in, "Names")) {
    if (!seen.insert(text).second) continue;
    const std::optional<Reference> ref = ParseReference(ctx.scope, text);
    if (ref) CheckSubPaths(ref->asked);
    std::optional<ParameterRecord> record;
    try {
      if (std::optional<json::object> public_parameter = GetPublicParameter(ctx, text)) {
        found.push_back(std::move(*public_parameter));
        continue;
      }
      record = Resolve(parameters_, tx, ctx.scope, text);
    } catch (const AwsError& error) {
      if (error.code() != "ParameterNotFound" && error.code() != "ParameterVersionNotFound") {
        throw;
      }
      invalid.push_back(text);
      continue;
    }
    found.push_back(Found(ctx, *record, ref, decrypt));
  }
  return json::object{{"Parameters", std::move(found)}, {"InvalidParameters", NameArray(invalid)}};
}

json::value ParameterProvider::GetParametersByPath(const RequestContext& ctx,
                                                   const json::object& in) {
  const std::string path = ValidatePath(RequiredString(in, "Path"));
  const bool recursive = BoolOr(in, "Recursive", false);
  const bool decrypt = BoolOr(in, "WithDecryption", false);
  const int64_t max_results = IntOr(in, "MaxResults", 10);
  ParameterScan scan;
  scan.filters = ReadParameterFilters(in, /*by_path=*/true);
  scan.after = ReadToken(in, "GetParametersByPath");
  scan.limit = max_results + 1;
  scan.path = path;
  if (!recursive) {
    scan.kind = ParameterScan::Kind::kChildren;
  } else {
    scan.kind = path == "/" ? ParameterScan::Kind::kAll : ParameterScan::Kind::kSubtree;
  }
  json::object out;
  if (IsPublicName(path)) {
    // Public parameters are computed, not stored; ParameterFilters do not apply to them.
    std::vector<json::object> page =
        ListPublicParameters(ctx, path, recursive, scan.after, scan.limit);
    if (services::TrimPage(page, max_results)) {
      out["NextToken"] = services::EncodePageToken("GetParametersByPath",
                                                   std::string(page.back().at("Name").as_string()));
    }
    out["Parameters"] = json::array(page.begin(), page.end());
    return out;
  }
  store::Transaction tx = parameters_.Read();
  std::vector<ParameterRecord> records = parameters_.List(tx, ctx.scope, scan);
  if (services::TrimPage(records, max_results)) {
    out["NextToken"] = services::EncodePageToken("GetParametersByPath", records.back().name);
  }
  json::array parameters;
  for (const ParameterRecord& record : records) {
    parameters.push_back(ToParameter(ctx, record, decrypt));
  }
  out["Parameters"] = std::move(parameters);
  return out;
}

json::value ParameterProvider::DeleteParameter(const RequestContext& ctx, const json::object& in) {
  const std::string asked = RequiredString(in, "Name");
  CheckSubPaths(asked);
  if (HasAwsPrefix(asked)) {
    // Recorded for "aws-cdk-playground":
    // https://github.com/awslabs/aws-deployment-framework/issues/119
    throw AwsError("AccessDeniedException", "No access to reserved parameter name: " + asked + ".",
                   400);
  }
  store::Transaction tx = parameters_.Begin();
  const std::optional<std::string> name = StoredName(parameters_, tx, ctx.scope, asked);
  if (!name) ThrowNotFound(asked);
  parameters_.Delete(tx, ctx.scope, *name);
  tags_.RemoveAll(tx, ctx.scope, "Parameter", *name);
  tx.Commit();
  return json::object{};
}

json::value ParameterProvider::DeleteParameters(const RequestContext& ctx,
                                                const json::object& in) {
  std::vector<std::string> deleted;
  std::vector<std::string> invalid;
  std::set<std::string> seen;
  store::Transaction tx = parameters_.Begin();
  for (const std::string& name : StringList(in, "Names")) {
    if (!seen.insert(name).second) continue;
    const std::optional<std::string> stored = StoredName(parameters_, tx, ctx.scope, name);
    if (stored && parameters_.Delete(tx, ctx.scope, *stored)) {
      tags_.RemoveAll(tx, ctx.scope, "Parameter", *stored);
      deleted.push_back(name);
    } else {
      invalid.push_back(name);
    }
  }
  tx.Commit();
  return json::object{{"DeletedParameters", NameArray(deleted)},
                      {"InvalidParameters", NameArray(invalid)}};
}

json::value ParameterProvider::DescribeParameters(const RequestContext& ctx,
                                                  const json::object& in) {
  if (in.contains("Filters") && in.contains("ParameterFilters")) {
    core::ValidationFailed("You can use either Filters or ParameterFilters in a single request.");
  }
  const int64_t max_results = IntOr(in, "MaxResults", 50);
  ParameterScan scan;
  scan.kind = ParameterScan::Kind::kAll;
  scan.filters = in.contains("Filters") ? ReadLegacyFilters(in)
                                        : ReadParameterFilters(in, /*by_path=*/false);
  scan.after = ReadToken(in, "DescribeParameters");
  scan.limit = max_results + 1;
  // A single Path filter becomes the scan itself, so its pages are range scans too.
  for (auto it = scan.filters.begin(); it != scan.filters.end(); ++it) {
    if (it->key != "Path" || it->values.size() != 1) continue;
    std::string path = it->values.front();
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    if (it->option == "OneLevel") {
      scan.kind = ParameterScan::Kind::kChildren;
    } else if (path != "/") {
      scan.kind = ParameterScan::Kind::kSubtree;
    }
    scan.path = path;
    scan.filters.erase(it);
    break;
  }
  json::object out;
  json::array parameters;
  if (!BoolOr(in, "Shared", false)) {
    store::Transaction tx = parameters_.Read();
    std::vector<ParameterRecord> records = parameters_.List(tx, ctx.scope, scan);
    if (services::TrimPage(records, max_results)) {
      out["NextToken"] = services::EncodePageToken("DescribeParameters", records.back().name);
    }
    for (const ParameterRecord& r : records) {
      json::object meta{{"Name", r.name},
                        {"ARN", ParameterArn(ctx.scope, r.name)},
                        {"Type", r.type},
                        {"LastModifiedDate", EpochSeconds(r.modified_millis)},
                        {"LastModifiedUser", r.modified_user},
                        {"Version", r.version},
                        {"Tier", r.tier},
                        {"Policies", PolicyList(r.policies)},
                        {"DataType", r.data_type}};
      if (!r.key_id.empty()) meta["KeyId"] = r.key_id;
      if (!r.description.empty()) meta["Description"] = r.description;
      if (!r.allowed_pattern.empty()) meta["AllowedPattern"] = r.allowed_pattern;
      parameters.push_back(std::move(meta));
    }
  }
  out["Parameters"] = std::move(parameters);
  return out;
}

std::string ParameterProvider::TaggedResource(const RequestContext& ctx, store::Transaction& tx,
                                              const std::string& type, const std::string& id) {
  if (type == "Parameter") {
    std::string name = id;
    if (core::StartsWith(id, "arn:")) {
      const std::optional<Reference> ref = ParseReference(ctx.scope, id);
      if (ref && ref->selector.empty()) {
        for (const std::string& spelling : ref->names) {
          if (parameters_.Latest(tx, ctx.scope, spelling)) name = spelling;
        }
      }
    } else {
      name = StoredName(parameters_, tx, ctx.scope, id).value_or(id);
    }
    if (!parameters_.Latest(tx, ctx.scope, name)) {
      throw AwsError::WithoutMessage("InvalidResourceId");
    }
    return name;
  }
  if (type == "ManagedInstance") {
    store::Transaction nodes = nodes_.Read();  // nested in `tx`; creates the node tables
    if (!nodes_.FindNode(nodes, ctx.scope, id)) {
      throw AwsError::WithoutMessage("InvalidResourceId");
    }
    return id;
  }
  if (type == "Document") {
    store::Transaction documents = documents_.Read();  // nested in `tx`
    if (!documents_.Find(documents, ctx.scope, id)) {
      throw AwsError::WithoutMessage("InvalidResourceId");
    }
    return id;
  }
  if (type == "MaintenanceWindow") {
    store::Transaction windows = windows_.Read();  // nested in `tx`
    if (!windows_.Find(windows, ctx.scope, id, WindowItem::kWindow)) {
      throw AwsError::WithoutMessage("InvalidResourceId");
    }
    return id;
  }
  if (type == "PatchBaseline") {
    store::Transaction baselines = baselines_.Read();  // nested in `tx`
    if (!baselines_.Find(baselines, ctx.scope, id)) {
      throw AwsError::WithoutMessage("InvalidResourceId");
    }
    return id;
  }
  throw AwsError::WithoutMessage("InvalidResourceType");
}

json::value ParameterProvider::AddTagsToResource(const RequestContext& ctx,
                                                 const json::object& in) {
  const std::string type = RequiredString(in, "ResourceType");
  const std::string id = RequiredString(in, "ResourceId");
  const std::map<std::string, std::string> tags = services::ReadTagMap(in);
  store::Transaction tx = parameters_.Begin();
  const std::string resource = TaggedResource(ctx, tx, type, id);
  std::map<std::string, std::string> merged = tags_.List(tx, ctx.scope, type, resource);
  for (const auto& [key, value] : tags) merged[key] = value;
  ValidateTags(ctx, tags, merged.size());
  tags_.Put(tx, ctx.scope, type, resource, tags);
  tx.Commit();
  return json::object{};
}

json::value ParameterProvider::RemoveTagsFromResource(const RequestContext& ctx,
                                                      const json::object& in) {
  const std::string type = RequiredString(in, "ResourceType");
  const std::string id = RequiredString(in, "ResourceId");
  store::Transaction tx = parameters_.Begin();
  const std::string resource = TaggedResource(ctx, tx, type, id);
  tags_.Remove(tx, ctx.scope, type, resource, StringList(in, "TagKeys"));
  tx.Commit();
  return json::object{};
}

json::value ParameterProvider::ListTagsForResource(const RequestContext& ctx,
                                                   const json::object& in) {
  const std::string type = RequiredString(in, "ResourceType");
  const std::string id = RequiredString(in, "ResourceId");
  store::Transaction tx = parameters_.Read();
  const std::string resource = TaggedResource(ctx, tx, type, id);
  return json::object{
      {"TagList", services::TagListJson(tags_.List(tx, ctx.scope, type, resource))}};
}

}  // namespace nimbus::ssm
