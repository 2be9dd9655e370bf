#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"
#include "services/ssm/parameter_store.h"
#include "store/database.h"

// Parameter Store's rules for names, hierarchy paths, references and labels. Internal to the
// Parameter Store provider (parameter_provider.cc, parameter_filters.cc).
namespace nimbus::ssm {

// arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>
std::string ParameterArn(const core::Scope& scope, std::string_view name);

// Whether a name (or path) starts with "aws" or "ssm", case-insensitive, after its slashes.
bool HasReservedPrefix(std::string_view name);

// PutParameter's naming rules; returns the name with surrounding spaces removed. Throws
// ValidationException, AccessDeniedException (/aws/...) or HierarchyLevelLimitExceededException.
std::string ValidateNewName(const core::Scope& scope, std::string_view raw);

// ValidationException (AWS's "sub-paths divided by slash symbol" message) for a name with an
// empty sub-path ("/a//b") or with a slash but no leading one ("a/b"), in every operation.
void CheckSubPaths(std::string_view name);

// A top-level name's other spelling ("foo" <-> "/foo": one parameter, one ARN); "" for a path.
std::string OtherSpelling(std::string_view name);

// The spelling `name` is stored under (as given first, then OtherSpelling), or nullopt.
std::optional<std::string> StoredName(ParameterStore& store, store::Transaction& tx,
                                      const core::Scope& scope, std::string_view name);

// A GetParametersByPath path: "/" or "/a/b" (a trailing slash is allowed and dropped), or a
// ValidationException.
std::string ValidatePath(std::string_view raw);

// A parameter reference of the Get* operations: "name", "name:3", "name:label", or the ARN form
// of any of them.
struct Reference {
  std::vector<std::string> names;  // spellings to try ("foo" and "/foo" are one parameter)
  std::string selector;            // "" or the text after ':'
  std::string asked;               // the name as given, without selector; "" for an ARN
};

// nullopt when `text` cannot name a parameter of `scope` (an ARN of another account, region or
// partition, an empty selector, ...).
std::optional<Reference> ParseReference(const core::Scope& scope, std::string_view text);

bool IsAllDigits(std::string_view text);

[[noreturn]] void ThrowNotFound(std::string_view name);
[[noreturn]] void ThrowVersionNotFound(std::string_view name, std::string_view version);

// Resolves a reference to one stored version (ParameterNotFound / ParameterVersionNotFound).
ParameterRecord Resolve(ParameterStore& store, store::Transaction& tx, const core::Scope& scope,
                        std::string_view text);

// Label rules: https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-labels.html
bool IsValidLabel(std::string_view label);

}  // namespace nimbus::ssm
