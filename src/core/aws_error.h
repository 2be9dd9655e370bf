#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace nimbus::core {

// An error the client should see: an AWS error code and a message. The protocol layer takes the
// HTTP status and Sender/Receiver fault from the service model (modelled errors) or from the table
// of common errors (CommonErrorStatus); a handler sets `status` only where neither knows it.
class AwsError : public std::runtime_error {
 public:
  AwsError(std::string code, std::string message, std::optional<int> status = std::nullopt)
      : std::runtime_error(std::move(message)), code_(std::move(code)), status_(status) {}

  const std::string& code() const { return code_; }
  std::optional<int> status() const { return status_; }

 private:
  std::string code_;
  std::optional<int> status_;
};

// HTTP status of an error that no model lists (AWS "Common Errors" pages), or nullopt.
std::optional<int> CommonErrorStatus(std::string_view code);

// The validation error code of a protocol: "ValidationError" for AWS Query services,
// "ValidationException" for JSON ones. Providers use ValidationFailed() to raise it.
class ValidationFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws the protocol's validation error (ValidationError / ValidationException) with `message`.
[[noreturn]] inline void ValidationFailed(std::string message) {
  throw ValidationFailure(std::move(message));
}

// An operation that exists in the model but that nimbus does not implement (HTTP 501).
AwsError NotImplemented(std::string_view service, std::string_view operation);

}  // namespace nimbus::core
