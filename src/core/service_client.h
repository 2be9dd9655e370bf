#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "core/request_context.h"

namespace nimbus::core {

// The in-process call one service (or CloudFormation) makes to another. It runs exactly what an
// HTTP request runs after decoding: validation from the model (same error codes and wording), the
// provider's handler, and the same AwsError for a failure. Input and output are value trees in
// the handlers' conventions (core/service.h): blobs as base64 text, timestamps as epoch seconds.
// Nothing outside a service reads or writes that service's store; it calls it through here.
class ServiceClient {
 public:
  virtual ~ServiceClient() = default;

  // Calls service.operation ("kms", "Encrypt") as `caller` in `region`.
  boost::json::value Call(const Caller& caller, std::string_view region, std::string_view service,
                          std::string_view operation, const boost::json::object& input) const {
    return Run(caller, region, service, operation, input);
  }
  // Calls as the caller of `ctx`, in its region: what a service does on its caller's behalf.
  boost::json::value Call(const RequestContext& ctx, std::string_view service,
                          std::string_view operation, const boost::json::object& input) const {
    return Run(ctx.caller, ctx.scope.region, service, operation, input);
  }

 protected:
  virtual boost::json::value Run(const Caller& caller, std::string_view region,
                                 std::string_view service, std::string_view operation,
                                 const boost::json::object& input) const = 0;
};

}  // namespace nimbus::core
