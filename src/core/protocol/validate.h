#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/model/model.h"

namespace nimbus::core::protocol {

// What a violation broke. Most services only print the text; a service whose validation error
// carries a reason (Organizations' InvalidInputException.Reason) chooses the reason from it.
enum class ViolationKind {
  kRequired,   // Member must not be null
  kEnum,       // Member must satisfy enum value set: [...]
  kMinLength,  // strings (characters), blobs (bytes), lists and maps (entries)
  kMaxLength,  // the same
  kPattern,    // Member must satisfy regular expression pattern: ...
  kMinValue,   // numbers
  kMaxValue,   // numbers
  kMember,     // a list of scalars, or a map's keys or values: a member broke its constraints
};

// One violation, worded as AWS words it:
//   "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length
//    greater than or equal to 2"
// A value that is, or contains, a member marked sensitive in the model is never printed:
//   "Value at 'plaintext' failed to satisfy constraint: ..."
struct Violation {
  ViolationKind kind;
  std::string text;

  bool operator==(const Violation&) const = default;
};

// Checks `input` against its shape as the AWS front ends do before any handler runs: required
// members, enums, string lengths, numeric ranges, list and map sizes, and patterns (RE2, so linear
// time). Returns the violations in member order. A list of scalars is reported once, on the
// list, with every constraint of its member:
//   "Value '[a, ]' at 'labels' failed to satisfy constraint: Member must satisfy constraint:
//    [Member must have length less than or equal to 100, Member must have length greater than
//    or equal to 1]"
// and the keys and the scalar values of a map likewise ("Map keys must satisfy constraint: [...]",
// "Map value must satisfy constraint: [...]"). Lists of structures report the member's own path
// ("tags.1.member.key").
std::vector<Violation> Validate(const model::ServiceModel& model, const model::Shape& shape,
                                const boost::json::object& input);

// "1 validation error detected: <v1>" / "2 validation errors detected: <v1>; <v2>".
std::string ValidationMessage(const std::vector<Violation>& violations);

// Throws the service's validation error (see ValidationError) when `input` violates `shape`.
void ValidateInput(const model::ServiceModel& model, const model::Shape& shape,
                   const boost::json::object& input);

// The error a service answers for input that violates its model: ValidationError for AWS Query
// services, InvalidArgument for S3, ValidationException for JSON services (KMS too, although its
// model lists none). A JSON service whose model has no ValidationException but an
// InvalidInputException with a Reason (Organizations) answers that, with the reason and the
// documented message of the first violation.
AwsError ValidationError(const model::ServiceModel& model,
                         const std::vector<Violation>& violations);

// The same for a refusal a provider worded itself (core::ValidationFailure). Organizations
// answers InvalidInputException with `message` and no Reason: a provider that knows the reason
// throws InvalidInputException itself, with .With("Reason", ...).
AwsError ValidationError(const model::ServiceModel& model, std::string message);

}  // namespace nimbus::core::protocol
