#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace nimbus::core {

// An error the client should see: an AWS error code, a message, and the other members the
// model's error shape has ("Reason", "ResourceType", "ResourceId", ...). The protocol layer takes
// the HTTP status and Sender/Receiver fault from the service model (modelled errors) or from the
// table of common errors (CommonErrorStatus); a handler sets `status` only where neither knows it.
//
//   throw AwsError("InvalidInputException", "You specified an invalid value.")
//       .With("Reason", "INVALID_ENUM");
class AwsError : public std::runtime_error {
 public:
  AwsError(std::string code, std::string message, std::optional<int> status = std::nullopt)
      : std::runtime_error(message),
        message_(std::move(message)),
        code_(std::move(code)),
        status_(status) {}

  // An error that AWS sends with no message member at all (KMS InvalidCiphertextException).
  static AwsError WithoutMessage(std::string code) {
    AwsError error(std::move(code), "");
    error.has_message_ = false;
    return error;
  }

  // Adds a member of the error shape, named as in the model. The encoder writes it as the
  // protocol writes that shape's members.
  AwsError& With(std::string member, boost::json::value value) {
    members_[std::move(member)] = std::move(value);
    return *this;
  }

  const std::string& code() const { return code_; }
  // The whole message: what() stops at the first U+0000 a message may echo from the client.
  const std::string& message() const { return message_; }
  std::optional<int> status() const { return status_; }
  bool has_message() const { return has_message_; }
  const boost::json::object& members() const { return members_; }

 private:
  std::string message_;
  std::string code_;
  std::optional<int> status_;
  bool has_message_ = true;
  boost::json::object members_;
};

// HTTP status of an error that no model lists (AWS "Common Errors" pages), or nullopt.
std::optional<int> CommonErrorStatus(std::string_view code);

// Raised by a provider for input the model cannot check; the dispatcher answers it as the
// service's validation error (ValidationError for AWS Query services, ValidationException for
// most JSON ones, see protocol::ValidationError).
class ValidationFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws the service's validation error with `message`.
[[noreturn]] inline void ValidationFailed(std::string message) {
  throw ValidationFailure(std::move(message));
}

// An operation that exists in the model but that nimbus does not implement (HTTP 501).
AwsError NotImplemented(std::string_view service, std::string_view operation);

}  // namespace nimbus::core
