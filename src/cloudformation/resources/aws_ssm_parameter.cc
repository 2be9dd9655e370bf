// AWS::SSM::Parameter
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html).
// Calls SSM through ServiceClient like any client (never its store), so a stack and a direct call
// share one implementation and one set of errors: the parameter is visible through the SSM API,
// and a name that is taken fails the resource with SSM's own ParameterAlreadyExists message.
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/service_calls.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

// The properties the resource type reference lists, and which are strings.
constexpr std::array<std::string_view, 8> kStringProperties = {
    "AllowedPattern", "DataType", "Description", "Name", "Policies", "Tier", "Type", "Value"};
// In the order of the type's schema ("required": ["Value", "Type"]).
constexpr std::array<std::string_view, 2> kRequired = {"Value", "Type"};

bool IsScalar(const json::value& value) {
  return value.is_string() || value.is_number() || value.is_bool();
}

// A scalar property as the string SSM takes: CloudFormation passes `Value: 5` as "5".
std::string Text(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_bool()) return value.get_bool() ? "true" : "false";
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  return json::serialize(value);
}

std::optional<std::string> OptText(const json::object& props, std::string_view name) {
  const json::value* value = props.if_contains(name);
  if (!value || !IsScalar(*value)) return std::nullopt;
  return Text(*value);
}

class SsmParameter final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::SSM::Parameter"; }

  void Validate(const json::object& props) const override {
    std::vector<std::string> problems;
    std::string unsupported;
    for (const auto& [key, value] : props) {
      const bool is_string_property = std::find(kStringProperties.begin(), kStringProperties.end(),
                                                key) != kStringProperties.end();
      if (!is_string_property && key != "Tags") {
        unsupported += (unsupported.empty() ? "" : ", ") + std::string(key);
      } else if (is_string_property && !IsScalar(value)) {
        problems.push_back("Value of property {/" + std::string(key) +
                           "} does not match type {String}");
      } else if (key == "Tags" && !TagsAreValid(value)) {
        problems.push_back("Value of property {/Tags} does not match type {Object}");
      }
    }
    if (!unsupported.empty()) {
      problems.insert(problems.begin(),
                      "Encountered unsupported properties in {/}: [" + unsupported + "]");
    }
    for (std::string_view name : kRequired) {
      if (!props.contains(name)) {
        problems.push_back("The property {/" + std::string(name) + "} is required");
      }
    }
    // "AWS CloudFormation doesn't support creating a SecureString parameter type."
    const std::optional<std::string> type = OptText(props, "Type");
    if (type && *type != "String" && *type != "StringList") {
      problems.push_back(
          "Value for property {/Type} does not match with the enum list [String, "
          "StringList]");
    }
    if (!problems.empty()) ThrowPropertyValidation(problems);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string name = OptText(req.props, "Name").value_or(req.GeneratedName());
    json::object in = PutInput(req.props, name);
    in["Tags"] = MergedTags(req);
    req.services.Call(req.ctx, "ssm", "PutParameter", in);
    return {.physical_id = name};  // Ref returns the name, as the resource reference says
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)previous;
    json::object in = PutInput(req.props, std::string(physical_id));
    in["Overwrite"] = true;  // PutParameter refuses Tags with Overwrite: tags go separately
    req.services.Call(req.ctx, "ssm", "PutParameter", in);
    const json::value listed =
        req.services.Call(req.ctx, "ssm", "ListTagsForResource",
                          {{"ResourceType", "Parameter"}, {"ResourceId", physical_id}});
    json::array removed;
    for (const json::value& tag : listed.at("TagList").as_array()) {
      removed.push_back(tag.at("Key"));
    }
    if (!removed.empty()) {
      req.services.Call(req.ctx, "ssm", "RemoveTagsFromResource",
                        {{"ResourceType", "Parameter"},
                         {"ResourceId", physical_id},
                         {"TagKeys", std::move(removed)}});
    }
    req.services.Call(
        req.ctx, "ssm", "AddTagsToResource",
        {{"ResourceType", "Parameter"}, {"ResourceId", physical_id}, {"Tags", MergedTags(req)}});
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    internal::DeleteUnlessGone(req, "ssm", "DeleteParameter", {{"Name", physical_id}},
                               {"ParameterNotFound"});
  }

  // The attributes the type reference lists: Type ("String" or "StringList") and Value.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::DescribedAttribute(req, name, {"Type", "Value"},
                                        {"ssm", "GetParameter", "Parameter"},
                                        {{"Name", physical_id}});
  }

  // Drift: GetParameter (Name, Type, Value, DataType), DescribeParameters (Description,
  // AllowedPattern, Tier) and ListTagsForResource. Policies are not read back: SSM describes them
  // as a list of policy states, not as the text the template gives.
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    LiveProperties live{.state = LiveProperties::State::kFound,
                        .read = {"Name", "Type", "Value", "DataType", "Description",
                                 "AllowedPattern", "Tier", "Tags"}};
    json::value got;
    try {
      got = req.services.Call(req.ctx, "ssm", "GetParameter", {{"Name", physical_id}});
    } catch (const core::AwsError& error) {
      if (error.code() != "ParameterNotFound") throw;
      live.state = LiveProperties::State::kDeleted;
      return live;
    }
    const json::object& parameter = got.at("Parameter").as_object();
    for (std::string_view member : {"Name", "Type", "Value", "DataType"}) {
      if (const json::value* value = parameter.if_contains(member)) live.props[member] = *value;
    }
    const json::value described = req.services.Call(
        req.ctx, "ssm", "DescribeParameters",
        {{"ParameterFilters",
          json::array{json::object{
              {"Key", "Name"}, {"Option", "Equals"}, {"Values", json::array{physical_id}}}}}});
    for (const json::value& item : described.at("Parameters").as_array()) {
      for (std::string_view member : {"Description", "AllowedPattern", "Tier"}) {
        if (const json::value* value = item.as_object().if_contains(member)) {
          live.props[member] = *value;
        }
      }
    }
    live.props["Tags"] = req.services
                             .Call(req.ctx, "ssm", "ListTagsForResource",
                                   {{"ResourceType", "Parameter"}, {"ResourceId", physical_id}})
                             .at("TagList");
    return live;
  }

  std::vector<std::string> Identifiers() const override { return {"Name"}; }

 private:
  static bool TagsAreValid(const json::value& tags) {
    if (!tags.is_object()) return false;
    for (const auto& [key, value] : tags.get_object()) {
      if (!IsScalar(value)) return false;
    }
    return true;
  }

  // PutParameter's input from the properties, tags aside.
  static json::object PutInput(const json::object& props, const std::string& name) {
    json::object in{{"Name", name}};
    for (std::string_view property :
         {"Value", "Type", "Description", "AllowedPattern", "DataType", "Policies", "Tier"}) {
      if (std::optional<std::string> value = OptText(props, property)) in[property] = *value;
    }
    return in;
  }

  // The stack's tags, the resource's own Tags over them, then CloudFormation's.
  static json::array MergedTags(const ResourceRequest& req) {
    std::map<std::string, std::string> own;
    if (const json::value* tags = req.props.if_contains("Tags"); tags && tags->is_object()) {
      for (const auto& [key, value] : tags->get_object()) own[std::string(key)] = Text(value);
    }
    json::array merged;
    for (const json::value& tag : req.Tags()) {
      const std::string key(tag.at("Key").as_string());
      if (!own.contains(key)) merged.push_back(tag);
    }
    for (const auto& [key, value] : own) {
      merged.push_back(json::object{{"Key", key}, {"Value", value}});
    }
    return merged;
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeSsmParameter() { return std::make_unique<SsmParameter>(); }

}  // namespace nimbus::cloudformation
