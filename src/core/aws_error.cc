#include "core/aws_error.h"

#include <array>
#include <string>
#include <utility>

namespace nimbus::core {

std::optional<int> CommonErrorStatus(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, int>, 30> kStatuses{{
      {"AccessDenied", 403},
      {"AccessDeniedException", 403},
      {"ExpiredToken", 403},
      {"ExpiredTokenException", 403},
      {"IncompleteSignature", 400},
      {"IncompleteSignatureException", 400},
      {"InternalFailure", 500},
      {"InternalServerError", 500},
      {"InvalidAction", 400},
      {"InvalidClientTokenId", 403},
      {"InvalidParameterCombination", 400},
      {"InvalidParameterValue", 400},
      {"InvalidQueryParameter", 400},
      {"InvalidSignatureException", 400},
      {"MalformedQueryString", 404},
      {"MissingAction", 400},
      {"MissingAuthenticationToken", 403},
      {"MissingAuthenticationTokenException", 403},
      {"MissingParameter", 400},
      {"NotImplemented", 501},
      {"OptInRequired", 403},
      {"RequestExpired", 400},
      {"SerializationException", 400},
      {"ServiceUnavailable", 503},
      {"SignatureDoesNotMatch", 403},
      {"Throttling", 400},
      {"ThrottlingException", 400},
      {"UnknownOperationException", 400},
      {"UnrecognizedClientException", 403},
      {"ValidationError", 400},
  }};
  for (const auto& [name, status] : kStatuses) {
    if (name == code) {
      return status;
    }
  }
  if (code == "ValidationException") {
    return 400;
  }
  return std::nullopt;
}

AwsError NotImplemented(std::string_view service, std::string_view operation) {
  return AwsError("NotImplemented",
                  "nimbus does not implement " + std::string(service) + "." +
                      std::string(operation) + " yet",
                  501);
}

}  // namespace nimbus::core
