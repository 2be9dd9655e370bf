#include "services/organizations/membership_observer.h"

#include <boost/json.hpp>

namespace nimbus::organizations {

namespace json = boost::json;

namespace {

std::string_view KindName(MembershipChange::Kind kind) {
  switch (kind) {
    case MembershipChange::Kind::kJoined:
      return "JOINED";
    case MembershipChange::Kind::kLeft:
      return "LEFT";
    default:
      return "MOVED";
  }
}

MembershipChange::Kind KindOf(std::string_view name) {
  if (name == "JOINED") return MembershipChange::Kind::kJoined;
  if (name == "LEFT") return MembershipChange::Kind::kLeft;
  return MembershipChange::Kind::kMoved;
}

json::array PathJson(const std::vector<std::string>& path) {
  json::array out;
  for (const std::string& id : path) out.emplace_back(id);
  return out;
}

std::vector<std::string> PathOf(const json::value& value) {
  std::vector<std::string> path;
  for (const json::value& id : value.as_array()) path.emplace_back(id.as_string());
  return path;
}

}  // namespace

void MembershipObservers::Notify(const MembershipChange& change) const {
  for (MembershipObserver* observer : observers_) observer->OnMembershipChanged(change);
}

std::string MembershipChangeToJson(const MembershipChange& change) {
  return json::serialize(json::object{{"Kind", KindName(change.kind)},
                                      {"OrganizationId", change.organization_id},
                                      {"ManagementAccount", change.management_account},
                                      {"AccountId", change.account_id},
                                      {"FromPath", PathJson(change.from_path)},
                                      {"ToPath", PathJson(change.to_path)},
                                      {"AtMillis", change.at_millis}});
}

MembershipChange MembershipChangeFromJson(std::string_view text) {
  const json::object in = json::parse(text).as_object();
  return MembershipChange{.kind = KindOf(in.at("Kind").as_string()),
                          .organization_id = std::string(in.at("OrganizationId").as_string()),
                          .management_account = std::string(in.at("ManagementAccount").as_string()),
                          .account_id = std::string(in.at("AccountId").as_string()),
                          .from_path = PathOf(in.at("FromPath")),
                          .to_path = PathOf(in.at("ToPath")),
                          .at_millis = in.at("AtMillis").to_number<int64_t>()};
}

}  // namespace nimbus::organizations
