// The URL of a wait condition handle, as S3 answers a presigned PUT: a signal is recorded (one
// with the same UniqueId replaces the earlier) and the stack's deployment woken, so that the
// wait condition is looked at when something happened rather than polled.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/stack_events.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/wait_condition_url.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

// S3's error document.
core::HttpResponse S3Error(int status, std::string_view code, std::string_view message,
                           const std::string& request_id) {
  core::HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "application/xml");
  response.SetHeader("x-amz-request-id", request_id);
  response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" +
                  core::XmlEscape(code) + "</Code><Message>" + core::XmlEscape(message) +
                  "</Message><RequestId>" + request_id + "</RequestId></Error>";
  return response;
}

// A scalar member as text: a UniqueId may be sent as a number.
std::optional<std::string> TextOf(const json::object& body, std::string_view name) {
  const json::value* value = body.if_contains(name);
  if (!value || value->is_null()) return std::nullopt;
  if (value->is_string()) return std::string(value->get_string());
  return json::serialize(*value);
}

// The signal in a request body, or why it is not one
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-waitcondition.html#using-cfn-waitcondition-signaljson).
std::optional<WaitSignal> ParseSignal(std::string_view body, std::string* why) {
  boost::system::error_code error;
  const json::value parsed = json::parse(body, error);
  if (error || !parsed.is_object()) {
    *why = "The signal must be a JSON object with Status, UniqueId, Data and Reason";
    return std::nullopt;
  }
  const json::object& object = parsed.get_object();
  WaitSignal signal;
  signal.status = TextOf(object, "Status").value_or("");
  if (signal.status != "SUCCESS" && signal.status != "FAILURE") {
    *why = "The signal's Status must be SUCCESS or FAILURE";
    return std::nullopt;
  }
  signal.unique_id = TextOf(object, "UniqueId").value_or("");
  if (signal.unique_id.empty()) {
    *why = "The signal must have a UniqueId";
    return std::nullopt;
  }
  signal.reason = TextOf(object, "Reason").value_or("");
  signal.data = TextOf(object, "Data").value_or("");
  return signal;
}

}  // namespace

core::HttpResponse StackProvider::SignalWaitConditionHandle(const core::HttpRequest& request) {
  const std::string request_id = rt_.ids.Random(16, "0123456789ABCDEF");
  const std::optional<WaitHandleAddress> handle = ParseWaitHandleUrl(request.RawPath());
  if (request.method != "PUT") {
    return S3Error(405, "MethodNotAllowed",
                   "The specified method is not allowed against this resource.", request_id);
  }
  const core::HttpResponse denied = S3Error(403, "AccessDenied", "Access Denied", request_id);
  if (!handle) return denied;
  store::Transaction tx = waits_.Begin();
  const std::optional<std::string> secret =
      waits_.HandleSecret(tx, handle->stack_id, handle->logical_id);
  if (!secret) return denied;
  if (const std::optional<std::string> why =
          CheckWaitHandleQuery(*handle, request.RawQuery(), *secret, rt_.clock.NowMillis())) {
    return *why == "the URL has expired"
               ? S3Error(403, "AccessDenied", "Request has expired", request_id)
               : denied;
  }
  std::string why;
  const std::optional<WaitSignal> signal = ParseSignal(request.body, &why);
  if (!signal) return S3Error(400, "InvalidArgument", why, request_id);
  waits_.PutSignal(tx, handle->stack_id, handle->logical_id, *signal);
  // A creation (or update) waiting on a wait condition of this handle looks again now.
  if (const auto progress = stacks_.Progress(tx, handle->stack_id);
      progress &&
      (progress->first == "CREATE_IN_PROGRESS" || progress->first == "UPDATE_IN_PROGRESS")) {
    deployer_.Wake(tx, handle->stack_id, progress->second);
  }
  tx.Commit();
  core::HttpResponse response;
  response.SetHeader("x-amz-request-id", request_id);
  return response;
}

}  // namespace nimbus::cloudformation
