#include "services/ssm/parameter_names.h"

#include <algorithm>
#include <cctype>

#include "core/aws_error.h"
#include "core/partition.h"
#include "core/text.h"

namespace nimbus::ssm {

using core::AwsError;

namespace {

// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
constexpr size_t kMaxHierarchyLevels = 15;
constexpr size_t kMaxNameWithArnPrefix = 1011;

// AWS's answer to a name with characters outside a-zA-Z0-9_.-/ or with a slash but no leading
// one, recorded from PutParameter ("smpt/support", "Dev MySQL DB") and GetParameter
// ("test/some-config"): https://github.com/aws/aws-sdk-php/issues/1952,
// https://github.com/boto/boto3/issues/1499, https://github.com/localstack/localstack/issues/11538.
// It names only "ssm" whatever the name; an empty sub-path ("/a//b") is assumed to get it too.
constexpr std::string_view kNameRulesMessage =
    "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it "
    "can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of "
    "letters, numbers and the following 3 symbols .-_";
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

}  // namespace

void CheckSubPaths(std::string_view name) {
  if (name.substr(0, 4) == "arn:") return;  // a parameter's ARN: its name is checked once parsed
  const bool unrooted_path = name.find('/') != std::string_view::npos && name.front() != '/';
  if (unrooted_path || name.find("//") != std::string_view::npos) {
    core::ValidationFailed(std::string(kNameRulesMessage));
  }
}

std::string OtherSpelling(std::string_view name) {
  const std::string_view bare = name.substr(0, 1) == "/" ? name.substr(1) : name;
  if (bare.empty() || bare.find('/') != std::string_view::npos) return "";
  return name.front() == '/' ? std::string(bare) : "/" + std::string(bare);
}

std::optional<std::string> StoredName(ParameterStore& store, store::Transaction& tx,
                                      const core::Scope& scope, std::string_view name) {
  if (store.Latest(tx, scope, name)) return std::string(name);
  const std::string other = OtherSpelling(name);
  if (!other.empty() && store.Latest(tx, scope, other)) return other;
  return std::nullopt;
}

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
    core::ValidationFailed(std::string(kNameRulesMessage));
  }
  if (!std::all_of(name.begin(), name.end(), IsNameChar)) {
    core::ValidationFailed(std::string(kNameRulesMessage));
  }
  CheckSubPaths(name);
  if (name.back() == '/') core::ValidationFailed(std::string(kNameRulesMessage));
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
  if (colon != std::string_view::npos &&
      (text.find(':', colon + 1) != std::string_view::npos || colon + 1 == text.size())) {
    return std::nullopt;
  }
  ref.asked =
      std::string(colon == std::string_view::npos ? core::Trim(text) : text.substr(0, colon));
  if (colon != std::string_view::npos) ref.selector = std::string(text.substr(colon + 1));
  ref.names = {ref.asked};
  if (std::string other = OtherSpelling(ref.asked); !other.empty()) ref.names.push_back(other);
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
      if (ref->selector.size() > 18) {
        ThrowVersionNotFound(ref->asked.empty() ? name : ref->asked, ref->selector);
      }
      version = std::stoll(ref->selector);
    } else {
      version = store.VersionOfLabel(tx, scope, name, ref->selector);
    }
    std::optional<ParameterRecord> found;
    if (version) found = store.Version(tx, scope, name, *version);
    if (!found) ThrowVersionNotFound(ref->asked.empty() ? name : ref->asked, ref->selector);
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

}  // namespace nimbus::ssm
