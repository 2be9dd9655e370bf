#include "core/protocol/error_members.h"

namespace nimbus::core::protocol {

namespace json = boost::json;

namespace {

bool IsMessage(std::string_view member) { return member == "Message" || member == "message"; }

}  // namespace

json::object ErrorMembers(const model::Shape* shape, const AwsError& error,
                          std::string_view request_id) {
  json::object out;
  for (const auto& [name, value] : error.members()) {
    if (!IsMessage(name) && (!shape || shape->FindMember(name))) {
      out[name] = value;
    }
  }
  if (shape && shape->FindMember("RequestId") && !out.contains("RequestId")) {
    out["RequestId"] = request_id;
  }
  return out;
}

std::string_view MessageMember(const model::Shape* shape) {
  if (shape && shape->FindMember("Message")) {
    return "Message";
  }
  return "message";
}

}  // namespace nimbus::core::protocol
