#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// IAM policy documents as IAM checks them before it stores one: JSON, then the grammar of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html. Pure functions;
// the providers throw MalformedPolicyDocument with the message returned here.
namespace nimbus::iam {

enum class PolicyKind {
  kIdentity,  // managed and inline policies: Resource required, Principal forbidden
  kTrust,     // a role's AssumeRolePolicyDocument: Principal required, Resource forbidden
};

// The MalformedPolicyDocument message for `document`, or nullopt when IAM would accept it.
std::optional<std::string> PolicyDocumentProblem(std::string_view document, PolicyKind kind);

// The size IAM counts against its quotas: the characters of the document without whitespace.
size_t PolicySize(std::string_view document);

}  // namespace nimbus::iam
