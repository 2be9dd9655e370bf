#include "services/ssm/parameter_provider.h"

#include <re2/re2.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
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

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::IntOr;
using core::protocol::OptArray;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
constexpr size_t kMaxHierarchyLevels = 15;
constexpr size_t kMaxNameWithArnPrefix = 1011;
constexpr int64_t kMaxVersions = 100;
constexpr size_t kMaxLabelsPerVersion = 10;
constexpr size_t kMaxTagsPerResource = 50;
constexpr size_t kStandardValueLimit = 4096;
constexpr size_t kAdvancedValueLimit = 8192;
constexpr size_t kMaxPolicies = 10;
constexpr std::string_view kDefaultKey = "alias/aws/ssm";

constexpr std::string_view kNameRulesMessage =
    "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as "
    "a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as "
    "a mix of letters, numbers and the following 3 symbols .-_";
constexpr std::string_view kPathRulesMessage =
    "The parameter doesn't meet the parameter name requirements. The parameter name must begin "
    "with a forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). "
    "It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ "
    "(underscore). Special characters are not allowed. All sub-paths, if specified, must use the "
    "forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.";

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
         c == '/';
}

std::string ArnPrefix(const core::Scope& scope) { return core::Arn(scope, "ssm", "parameter"); }

// arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>
std::string ParameterArn(const core::Scope& scope, std::string_view name) {
  return ArnPrefix(scope) + (name.substr(0, 1) == "/" ? "" : "/") + std::string(name);
}

bool HasReservedPrefix(std::string_view name) {
  while (!name.empty() && name.front() == '/') name.remove_prefix(1);
  const std::string lower = core::ToLower(name.substr(0, 3));
  return lower == "aws" || lower == "ssm";
}

// PutParameter's naming rules; returns the name with surrounding spaces removed.
std::string ValidateNewName(const core::Scope& scope, std::string_view raw) {
  const std::string name(core::Trim(raw));
  if (name.empty()) core::ValidationFailed(std::string(kNameRulesMessage));
  if (HasReservedPrefix(name)) {
    const bool is_path = std::count(name.begin(), name.end(), '/') > 1;
    if (is_path && core::ToLower(name.substr(0, 4)) == "/aws") {
      throw AwsError("AccessDeniedException", "No access to reserved parameter name: " + name + ".",
                     400);
    }
    if (!is_path) {
      core::ValidationFailed(
          "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
    }
    core::ValidationFailed(
        "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, "
        "it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a "
        "mix of letters, numbers and the following 3 symbols .-_");
  }
  if (!std::all_of(name.begin(), name.end(), IsNameChar)) {
    core::ValidationFailed(std::string(kNameRulesMessage));
  }
  if (name.find('/') != std::string::npos && name.front() != '/') {
    core::ValidationFailed("Parameter name must be a fully qualified name.");
  }
  if (name.find("//") != std::string::npos || name.back() == '/') {
    core::ValidationFailed(std::string(kNameRulesMessage));
  }
  if (static_cast<size_t>(std::count(name.begin(), name.end(), '/')) > kMaxHierarchyLevels) {
    throw AwsError("HierarchyLevelLimitExceededException",
                   "A hierarchy can have a maximum of 15 levels. For more information, see "
                   "Requirements and constraints for parameter names in the Amazon Web Services "
                   "Systems Manager User Guide.");
  }
  if (ParameterArn(scope, name).size() > kMaxNameWithArnPrefix) {
    core::ValidationFailed("1 validation error detected: Value '" + name +
                           "' at 'name' failed to satisfy constraint: Member must have length "
                           "less than or equal to " +
                           std::to_string(kMaxNameWithArnPrefix - ArnPrefix(scope).size() - 1) +
                           " (excluding the ARN prefix)");
  }
  return name;
}

// A parameter reference of the Get* operations: "name", "name:3", "name:label", or the ARN form
// of any of them.
struct Reference {
  std::vector<std::string> names;  // spellings to try ("foo" and "/foo" share an ARN)
  std::string selector;            // "" or the text after ':'
};

std::optional<Reference> ParseReference(const core::Scope& scope, std::string_view text) {
  Reference ref;
  if (core::StartsWith(text, "arn:")) {
    // arn:<partition>:ssm:<region>:<account>:parameter/<name>[:selector], in the partition of
    // the caller's region.
    const std::optional<core::ParsedArn> arn = core::ParseArn(text);
    if (!arn || arn->service != "ssm" || arn->partition != core::PartitionOf(scope.region).id) {
      return std::nullopt;
    }
    if (arn->region != scope.region || arn->account != scope.account) return std::nullopt;
    const std::vector<std::string_view> parts = core::Split(arn->resource, ':');
    if (parts.size() > 2 || !core::StartsWith(parts[0], "parameter/")) return std::nullopt;
    const std::string_view rest = parts[0].substr(std::string_view("parameter/").size());
    if (rest.empty()) return std::nullopt;
    if (rest.find('/') != std::string_view::npos) {
      ref.names = {"/" + std::string(rest)};
    } else {
      ref.names = {std::string(rest), "/" + std::string(rest)};
    }
    if (parts.size() == 2) ref.selector = std::string(parts[1]);
    if (parts.size() == 2 && ref.selector.empty()) return std::nullopt;
    return ref;
  }
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    ref.names = {std::string(core::Trim(text))};
    return ref;
  }
  if (text.find(':', colon + 1) != std::string_view::npos || colon + 1 == text.size()) {
    return std::nullopt;
  }
  ref.names = {std::string(text.substr(0, colon))};
  ref.selector = std::string(text.substr(colon + 1));
  return ref;
}

bool IsAllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

[[noreturn]] void ThrowNotFound(std::string_view name) {
  throw AwsError("ParameterNotFound", "Parameter " + std::string(name) + " not found.");
}

[[noreturn]] void ThrowVersionNotFound(std::string_view name, std::string_view version) {
  throw AwsError("ParameterVersionNotFound", "Systems Manager could not find version " +
                                                 std::string(version) + " of " +
                                                 std::string(name) +
                                                 ". Verify the version and try again.");
}

// Resolves a reference to one stored version (ParameterNotFound / ParameterVersionNotFound).
ParameterRecord Resolve(ParameterStore& store, store::Transaction& tx, const core::Scope& scope,
                        std::string_view text) {
  const std::optional<Reference> ref = ParseReference(scope, text);
  if (!ref) ThrowNotFound(text);
  for (const std::string& name : ref->names) {
    std::optional<ParameterRecord> latest = store.Latest(tx, scope, name);
    if (!latest) continue;
    if (ref->selector.empty()) return *latest;
    std::optional<int64_t> version;
    if (IsAllDigits(ref->selector)) {
      if (ref->selector.size() > 18) ThrowVersionNotFound(name, ref->selector);
      version = std::stoll(ref->selector);
    } else {
      version = store.VersionOfLabel(tx, scope, name, ref->selector);
    }
    std::optional<ParameterRecord> found;
    if (version) found = store.Version(tx, scope, name, *version);
    if (!found) ThrowVersionNotFound(name, ref->selector);
    return *found;
  }
  ThrowNotFound(text);
}

// Label rules: https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-labels.html
bool IsValidLabel(std::string_view label) {
  if (label.empty() || label.size() > 100) return false;
  if (std::isdigit(static_cast<unsigned char>(label.front()))) return false;
  const std::string lower = core::ToLower(label.substr(0, 3));
  if (lower == "aws" || lower == "ssm") return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

void ValidateTags(const std::map<std::string, std::string>& tags, size_t existing_after_merge) {
  if (const std::string* key = services::FindReservedTagKey(tags)) {
    core::ValidationFailed("1 validation error detected: Value '" + *key +
                           "' at 'tags.key' failed to satisfy constraint: Tag keys can't "
                           "begin with the reserved prefix aws:");
  }
  if (existing_after_merge > kMaxTagsPerResource) {
    throw AwsError("TooManyTagsError",
                   "The Tags parameter contains too many tags. A resource can have up to 50 "
                   "tags.");
  }
}

// The position of the request's NextToken for listing `kind` (the operation); "" without one.
std::string ReadToken(const json::object& in, std::string_view kind) {
  std::optional<std::string> position = services::ReadPageToken(in, "NextToken", kind);
  if (!position) throw AwsError("InvalidNextToken", "The specified token is not valid.");
  return std::move(*position);
}

std::string FilterOption(const json::object& filter, std::string_view key) {
  if (std::optional<std::string> option = OptString(filter, "Option")) return *option;
  return key == "Path" ? "OneLevel" : "Equals";
}

void CheckValues(std::string_view key, const std::vector<std::string>& values,
                 const std::vector<std::string_view>& allowed) {
  for (const std::string& value : values) {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      std::string list;
      for (const std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw AwsError("InvalidFilterValue", "The following filter value is not valid: " + value +
                                               ". Valid values include: [" + list + "].");
    }
  }
  (void)key;
}

// A GetParametersByPath path: "/" or "/a/b" (a trailing slash is allowed and dropped).
std::string ValidatePath(std::string_view raw) {
  std::string path(raw);
  if (path.empty() || path.front() != '/' || path.find("//") != std::string::npos ||
      !std::all_of(path.begin(), path.end(), IsNameChar)) {
    core::ValidationFailed(std::string(kPathRulesMessage));
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

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
      CheckValues(key, filter.values, {"String", "StringList", "SecureString"});
    }
    if (key == "Tier" && filter.option == "Equals") {
      CheckValues(key, filter.values, {"Standard", "Advanced", "Intelligent-Tiering"});
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

json::array PolicyList(std::string_view text) {
  json::array out;
  for (const Policy& policy : ParsePolicies(text)) {
    out.push_back(json::object{{"PolicyText", policy.text},
                               {"PolicyType", policy.type},
                               {"PolicyStatus", "Pending"}});
  }
  return out;
}

std::string CallerArn(const RequestContext& ctx) {
  if (!ctx.caller.arn.empty()) return ctx.caller.arn;
  return core::GlobalArn(ctx.scope, "iam", "root");
}

json::array NameArray(const std::vector<std::string>& names) {
  json::array out;
  for (const std::string& name : names) out.emplace_back(name);
  return out;
}

}  // namespace

ParameterProvider::ParameterProvider(Runtime& rt, kms::KeyService& keys,
                                     InstanceExists instance_exists)
    : rt_(rt),
      keys_(keys),
      instance_exists_(std::move(instance_exists)),
      parameters_(rt.db),
      tags_(rt.db) {
  Register("PutParameter", [this](auto& ctx, auto& in) { return PutParameter(ctx, in); });
  Register("GetParameter", [this](auto& ctx, auto& in) { return GetParameter(ctx, in); });
  Register("GetParameters", [this](auto& ctx, auto& in) { return GetParameters(ctx, in); });
  Register("GetParametersByPath",
           [this](auto& ctx, auto& in) { return GetParametersByPath(ctx, in); });
  Register("DeleteParameter", [this](auto& ctx, auto& in) { return DeleteParameter(ctx, in); });
  Register("DeleteParameters", [this](auto& ctx, auto& in) { return DeleteParameters(ctx, in); });
  Register("DescribeParameters",
           [this](auto& ctx, auto& in) { return DescribeParameters(ctx, in); });
  Register("GetParameterHistory",
           [this](auto& ctx, auto& in) { return GetParameterHistory(ctx, in); });
  Register("LabelParameterVersion",
           [this](auto& ctx, auto& in) { return LabelParameterVersion(ctx, in); });
  Register("UnlabelParameterVersion",
           [this](auto& ctx, auto& in) { return UnlabelParameterVersion(ctx, in); });
  Register("AddTagsToResource", [this](auto& ctx, auto& in) { return AddTagsToResource(ctx, in); });
  Register("RemoveTagsFromResource",
           [this](auto& ctx, auto& in) { return RemoveTagsFromResource(ctx, in); });
  Register("ListTagsForResource",
           [this](auto& ctx, auto& in) { return ListTagsForResource(ctx, in); });
}

std::string ParameterProvider::ValueOf(const RequestContext& ctx, const ParameterRecord& record,
                                       bool decrypt) {
  if (record.type != "SecureString" || !decrypt) return record.value;
  std::string blob;
  if (!core::Base64Decode(record.value, &blob)) {
    throw AwsError("InvalidKeyId", "The ciphertext of " + record.name + " is not valid.");
  }
  try {
    return keys_.Decrypt(ctx, blob, {{"PARAMETER_ARN", ParameterArn(ctx.scope, record.name)}});
  } catch (const AwsError& error) {
    // SSM reports KMS failures as InvalidKeyId, quoting the KMS error.
    throw AwsError("InvalidKeyId", std::string(error.what()) +
                                       " (Service: AWSKMS; Status Code: 400; Error Code: " +
                                       error.code() + "; Request ID: " + ctx.request_id + ")");
  }
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

json::value ParameterProvider::PutParameter(const RequestContext& ctx, const json::object& in) {
  const std::string name = ValidateNewName(ctx.scope, RequiredString(in, "Name"));
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
  ValidateTags(tags, tags.size());

  store::Transaction tx = parameters_.Begin();
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
    if (record.key_id != kDefaultKey && !keys_.FindKey(ctx, record.key_id)) {
      throw AwsError("InvalidKeyId", "Invalid keyId " + record.key_id);
    }
    try {
      record.value = core::Base64Encode(keys_.Encrypt(
          ctx, record.key_id, value, {{"PARAMETER_ARN", ParameterArn(ctx.scope, name)}}));
    } catch (const AwsError& error) {
      throw AwsError("InvalidKeyId", std::string(error.what()) +
                                         " (Service: AWSKMS; Status Code: 400; Error Code: " +
                                         error.code() + "; Request ID: " + ctx.request_id + ")");
    }
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
  store::Transaction tx = parameters_.Read();
  const ParameterRecord record = Resolve(parameters_, tx, ctx.scope, text);
  json::object parameter = ToParameter(ctx, record, decrypt);
  const std::optional<Reference> ref = ParseReference(ctx.scope, text);
  if (ref && !ref->selector.empty()) parameter["Selector"] = ":" + ref->selector;
  return json::object{{"Parameter", std::move(parameter)}};
}

json::value ParameterProvider::GetParameters(const RequestContext& ctx, const json::object& in) {
  const bool decrypt = BoolOr(in, "WithDecryption", false);
  json::array found;
  std::vector<std::string> invalid;
  std::set<std::string> seen;
  store::Transaction tx = parameters_.Read();
  for (const std::string& text : StringList(in, "Names")) {
    if (!seen.insert(text).second) continue;
    std::optional<ParameterRecord> record;
    try {
      record = Resolve(parameters_, tx, ctx.scope, text);
    } catch (const AwsError& error) {
      if (error.code() != "ParameterNotFound" && error.code() != "ParameterVersionNotFound") {
        throw;
      }
      invalid.push_back(text);
      continue;
    }
    json::object parameter = ToParameter(ctx, *record, decrypt);
    const std::optional<Reference> ref = ParseReference(ctx.scope, text);
    if (ref && !ref->selector.empty()) parameter["Selector"] = ":" + ref->selector;
    found.push_back(std::move(parameter));
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
  store::Transaction tx = parameters_.Read();
  std::vector<ParameterRecord> records = parameters_.List(tx, ctx.scope, scan);
  json::object out;
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
  const std::string name = RequiredString(in, "Name");
  store::Transaction tx = parameters_.Begin();
  if (!parameters_.Delete(tx, ctx.scope, name)) ThrowNotFound(name);
  tags_.RemoveAll(tx, ctx.scope, "Parameter", name);
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
    if (parameters_.Delete(tx, ctx.scope, name)) {
      tags_.RemoveAll(tx, ctx.scope, "Parameter", name);
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

json::value ParameterProvider::GetParameterHistory(const RequestContext& ctx,
                                                   const json::object& in) {
  const std::string text = RequiredString(in, "Name");
  const bool decrypt = BoolOr(in, "WithDecryption", false);
  const int64_t max_results = IntOr(in, "MaxResults", 50);
  const std::string position = ReadToken(in, "GetParameterHistory");
  const int64_t after = IsAllDigits(position) && position.size() < 19 ? std::stoll(position) : 0;
  store::Transaction tx = parameters_.Read();
  std::string name = text;
  if (core::StartsWith(text, "arn:")) {
    const std::optional<Reference> ref = ParseReference(ctx.scope, text);
    if (!ref || !ref->selector.empty()) ThrowNotFound(text);
    for (const std::string& spelling : ref->names) {
      if (parameters_.Latest(tx, ctx.scope, spelling)) name = spelling;
    }
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
    json::object entry{{"Name", r.name},
                       {"Type", r.type},
                       {"LastModifiedDate", EpochSeconds(r.modified_millis)},
                       {"LastModifiedUser", r.modified_user},
                       {"Value", ValueOf(ctx, r, decrypt)},
                       {"Version", r.version},
                       {"Labels", NameArray(found == labels.end() ? std::vector<std::string>{}
                                                                   : found->second)},
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
  const std::string name = RequiredString(in, "Name");
  const std::vector<std::string> labels = StringList(in, "Labels");
  store::Transaction tx = parameters_.Begin();
  const std::optional<ParameterRecord> latest = parameters_.Latest(tx, ctx.scope, name);
  if (!latest) ThrowNotFound(name);
  const int64_t version = OptInt(in, "ParameterVersion").value_or(latest->version);
  if (!parameters_.Version(tx, ctx.scope, name, version)) {
    ThrowVersionNotFound(name, std::to_string(version));
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
  const std::string name = RequiredString(in, "Name");
  const std::vector<std::string> labels = StringList(in, "Labels");
  store::Transaction tx = parameters_.Begin();
  if (!parameters_.Latest(tx, ctx.scope, name)) ThrowNotFound(name);
  const int64_t version = OptInt(in, "ParameterVersion").value_or(0);
  if (!parameters_.Version(tx, ctx.scope, name, version)) {
    ThrowVersionNotFound(name, std::to_string(version));
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
  return json::object{{"RemovedLabels", NameArray(removed)},
                      {"InvalidLabels", NameArray(invalid)}};
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
    }
    if (!parameters_.Latest(tx, ctx.scope, name)) {
      throw AwsError("InvalidResourceId", "The resource ID \"" + id + "\" is not valid. Verify "
                                          "the ID and try again.");
    }
    return name;
  }
  if (type == "ManagedInstance") {
    if (!instance_exists_ || !instance_exists_(ctx.scope, id)) {
      throw AwsError("InvalidResourceId", "The resource ID \"" + id + "\" is not valid. Verify "
                                          "the ID and try again.");
    }
    return id;
  }
  throw AwsError("InvalidResourceType",
                 "The resource type " + type + " is not supported for tagging by nimbus.");
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
  ValidateTags(tags, merged.size());
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
