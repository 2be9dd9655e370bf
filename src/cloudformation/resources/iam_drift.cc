#include "cloudformation/resources/iam_drift.h"

#include <string>

#include <boost/json/parse.hpp>

#include "cloudformation/resources/property_checks.h"
#include "core/aws_error.h"
#include "core/text.h"

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

json::value DecodedPolicy(std::string_view encoded) {
  std::string text;
  if (!core::UrlDecode(encoded, &text, /*plus_is_space=*/false)) text = std::string(encoded);
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec) return json::string(text);
  return parsed;
}

std::optional<json::object> GetIamEntity(const ResourceRequest& req, const IamEntity& entity) {
  try {
    json::value got =
        req.services.Call(req.ctx, "iam", "Get" + std::string(entity.kind), entity.Target());
    return std::move(got.as_object().at(entity.kind).as_object());
  } catch (const core::AwsError& error) {
    if (error.code() == "NoSuchEntity") return std::nullopt;
    throw;
  }
}

json::array LiveInlinePolicies(const ResourceRequest& req, const IamEntity& entity) {
  json::array out;
  const json::value* policies = req.props.if_contains("Policies");
  if (!policies || !policies->is_array()) return out;
  for (const json::value& entry : policies->get_array()) {
    const json::object* policy = entry.if_object();
    if (!policy) continue;
    const std::optional<std::string> name = StringProperty(*policy, "PolicyName");
    if (!name) continue;
    json::object in = entity.Target();
    in["PolicyName"] = *name;
    try {
      const json::value got =
          req.services.Call(req.ctx, "iam", "Get" + std::string(entity.kind) + "Policy", in);
      out.push_back(
          json::object{{"PolicyName", *name},
                       {"PolicyDocument", DecodedPolicy(got.at("PolicyDocument").as_string())}});
    } catch (const core::AwsError& error) {
      if (error.code() != "NoSuchEntity") throw;
    }
  }
  return out;
}

json::array LiveManagedPolicyArns(const ResourceRequest& req, const IamEntity& entity) {
  json::array out;
  const json::value listed = req.services.Call(
      req.ctx, "iam", "ListAttached" + std::string(entity.kind) + "Policies", entity.Target());
  for (const json::value& policy : listed.at("AttachedPolicies").as_array()) {
    out.push_back(policy.at("PolicyArn"));
  }
  return out;
}

LiveProperties LiveIamEntity(
    const ResourceRequest& req, const IamEntity& entity, std::vector<std::string> read,
    const std::function<void(const json::object& got, json::object* props)>& read_entity) {
  LiveProperties live{.state = LiveProperties::State::kFound, .read = std::move(read)};
  const std::optional<json::object> got = GetIamEntity(req, entity);
  if (!got) {
    live.state = LiveProperties::State::kDeleted;
    return live;
  }
  read_entity(*got, &live.props);
  live.props["Policies"] = LiveInlinePolicies(req, entity);
  live.props["ManagedPolicyArns"] = LiveManagedPolicyArns(req, entity);
  return live;
}

void CopyMembers(const json::object& got, std::initializer_list<std::string_view> members,
                 json::object* props) {
  for (std::string_view member : members) {
    if (const json::value* value = got.if_contains(member)) (*props)[member] = *value;
  }
}

void PutBoundaryAndTags(const json::object& got, json::object* props) {
  if (const json::value* boundary = got.if_contains("PermissionsBoundary")) {
    (*props)["PermissionsBoundary"] = boundary->at("PermissionsBoundaryArn");
  }
  const json::value* tags = got.if_contains("Tags");
  (*props)["Tags"] = tags ? *tags : json::value(json::array());
}

}  // namespace nimbus::cloudformation::internal
