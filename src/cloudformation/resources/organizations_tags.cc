#include "cloudformation/resources/organizations_tags.h"

#include <set>
#include <string>

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

void ReplaceOrganizationsTags(const ResourceRequest& req, std::string_view resource_id,
                              const json::array& wanted) {
  std::set<std::string, std::less<>> wanted_keys;
  for (const json::value& tag : wanted) wanted_keys.insert(std::string(tag.at("Key").as_string()));
  json::array removed;
  std::string token;
  do {
    json::object in{{"ResourceId", resource_id}};
    if (!token.empty()) in["NextToken"] = token;
    const json::value page = req.services.Call(req.ctx, "organizations", "ListTagsForResource", in);
    for (const json::value& tag : page.at("Tags").as_array()) {
      if (!wanted_keys.contains(tag.at("Key").as_string())) removed.push_back(tag.at("Key"));
    }
    const json::value* next = page.as_object().if_contains("NextToken");
    token = next && next->is_string() ? std::string(next->get_string()) : std::string();
  } while (!token.empty());
  if (!removed.empty()) {
    req.services.Call(req.ctx, "organizations", "UntagResource",
                      {{"ResourceId", resource_id}, {"TagKeys", std::move(removed)}});
  }
  if (!wanted.empty()) {
    req.services.Call(req.ctx, "organizations", "TagResource",
                      {{"ResourceId", resource_id}, {"Tags", wanted}});
  }
}

}  // namespace nimbus::cloudformation::internal
