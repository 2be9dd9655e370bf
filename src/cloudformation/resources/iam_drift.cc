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

}  // namespace nimbus::cloudformation::internal
