// The checks CloudFormation makes of a request's template before any stack exists.
#include <algorithm>
#include <array>
#include <cctype>

#include <boost/json/serialize.hpp>

#include "cloudformation/include_transform.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/template/parse.h"
#include "cloudformation/template_url.h"
#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::cloudformation::internal {

namespace json = boost::json;
using core::AwsError;

namespace {

constexpr size_t kMaxTemplateBody = 51200;
constexpr size_t kMaxStackName = 128;

const std::array<std::string_view, 8> kIamTypes = {"AWS::IAM::AccessKey",
                                                   "AWS::IAM::Group",
                                                   "AWS::IAM::InstanceProfile",
                                                   "AWS::IAM::ManagedPolicy",
                                                   "AWS::IAM::Policy",
                                                   "AWS::IAM::Role",
                                                   "AWS::IAM::User",
                                                   "AWS::IAM::UserToGroupAddition"};

// The property that gives an IAM resource a custom name, which needs CAPABILITY_NAMED_IAM.
std::string_view NameProperty(std::string_view type) {
  if (type == "AWS::IAM::Role") return "RoleName";
  if (type == "AWS::IAM::User") return "UserName";
  if (type == "AWS::IAM::Group") return "GroupName";
  if (type == "AWS::IAM::ManagedPolicy") return "ManagedPolicyName";
  if (type == "AWS::IAM::InstanceProfile") return "InstanceProfileName";
  return "";
}

bool Has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

const json::object& Resources(const json::object& tmpl) {
  static const json::object kEmpty;
  const json::value* resources = tmpl.if_contains("Resources");
  return resources && resources->is_object() ? resources->get_object() : kEmpty;
}

// Why nimbus cannot run the transform `name`, worded as AWS words a transform that failed
// ("Transform AWS::Include failed with: S3 bucket [x] does not exist." is recorded).
std::string TransformFailure(std::string_view name, std::string_view account) {
  const std::string named(name);
  if (name == "AWS::Include") {
    // Left after ProcessTemplate only in a snippet, which cannot include another: AWS then
    // answers so (quoted in a pull request of the user guide).
    return "Transform AWS::Include failed with: The specified S3 object's content should be "
           "valid Yaml/JSON.";
  }
  if (core::StartsWith(name, "AWS::Serverless")) {
    return "Transform " + named +
           " failed with: nimbus does not run the AWS SAM transform: the resources it expands to "
           "(Lambda functions, API Gateway APIs) belong to services nimbus does not emulate.";
  }
  // A macro, which AWS names with its account ("Transform 111111111111::X failed with: ...").
  return "Transform " + std::string(account) + "::" + named +
         " failed with: nimbus cannot run macros: a macro is a Lambda function, and nimbus does "
         "not emulate Lambda.";
}

// The names of the Fn::Transform functions in `value`, at any depth.
void CollectFnTransforms(const json::value& value, std::vector<std::string>& names) {
  if (const json::array* list = value.if_array()) {
    for (const json::value& item : *list) CollectFnTransforms(item, names);
    return;
  }
  const json::object* object = value.if_object();
  if (!object) return;
  for (const auto& [key, member] : *object) {
    if (key == "Fn::Transform") {
      const json::object* call = member.if_object();
      const json::value* name = call ? call->if_contains("Name") : nullptr;
      names.emplace_back(name && name->is_string() ? std::string(name->get_string())
                                                   : std::string("Fn::Transform"));
    }
    CollectFnTransforms(member, names);
  }
}

}  // namespace

[[noreturn]] void Invalid(std::string message) {
  throw AwsError("ValidationError", std::move(message), 400);
}

[[noreturn]] void ThrowTokenAlreadyExists(std::string_view token) {
  throw AwsError("TokenAlreadyExistsException",
                 "The client request token " + std::string(token) +
                     " has already been used for this stack. Retry the request with a different "
                     "client request token");
}

std::string TemplateBodyOf(const core::ServiceClient& services, const core::RequestContext& ctx,
                           const json::object& in) {
  const std::optional<std::string> body = core::protocol::OptString(in, "TemplateBody");
  const std::optional<std::string> url = core::protocol::OptString(in, "TemplateURL");
  if (body && url) Invalid("You cannot specify both Template URL and Template Body.");
  if (!body && !url) Invalid("Either Template URL or Template Body must be specified.");
  if (body) {
    // A body CloudFormation passes itself (a nested stack's template) was read from a
    // TemplateURL, under that limit: it is not a request's TemplateBody.
    if (body->size() > kMaxTemplateBody &&
        ctx.caller.called_via != "cloudformation.amazonaws.com") {
      Invalid("1 validation error detected: Value '" + *body +
              "' at 'templateBody' failed to satisfy constraint: Member must have length less "
              "than or equal to 51200");
    }
    return *body;
  }
  return ReadTemplateUrl(services, ctx, *url, "TemplateURL");
}

ProcessedTemplate ProcessTemplate(const core::ServiceClient& services,
                                  const core::RequestContext& ctx, std::string body) {
  ProcessedTemplate processed;
  processed.declared = ParseTemplate(body);
  if (!UsesInclude(processed.declared)) {
    processed.tmpl = processed.declared;
    processed.body = std::move(body);
    return processed;
  }
  processed.tmpl = ExpandIncludes(services, ctx, processed.declared);
  processed.body = json::serialize(processed.tmpl);
  processed.original = std::move(body);
  return processed;
}

ResolvedParameters ResolveRequestParameters(const core::ServiceClient& services,
                                            const core::RequestContext& ctx,
                                            const json::object& tmpl, const json::object& in,
                                            const ResolvedParameters* previous) {
  const json::array* parameters = core::protocol::OptArray(in, "Parameters");
  return ResolveParameters(
      tmpl, ParameterInputs(parameters ? *parameters : json::array()),
      [&services, &ctx](std::string_view parameter) -> std::optional<std::string> {
        try {
          const json::value got = services.Call(ctx, "ssm", "GetParameter", {{"Name", parameter}});
          return std::string(got.at("Parameter").at("Value").as_string());
        } catch (const AwsError& error) {
          if (error.code() == "ParameterNotFound") return std::nullopt;
          throw;
        }
      },
      previous);
}

bool Updatable(std::string_view status) {
  static constexpr std::array<std::string_view, 7> kUpdatable = {
      "CREATE_COMPLETE", "UPDATE_COMPLETE",          "UPDATE_ROLLBACK_COMPLETE",
      "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE", "UPDATE_FAILED",
      "CREATE_FAILED"};
  return std::find(kUpdatable.begin(), kUpdatable.end(), status) != kUpdatable.end();
}

void CheckStackName(std::string_view name) {
  bool valid = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0]));
  for (const char c : name) {
    valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
  }
  if (!valid) {
    Invalid("1 validation error detected: Value '" + std::string(name) +
            "' at 'stackName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
  }
  if (name.size() > kMaxStackName) {
    Invalid("1 validation error detected: Value '" + std::string(name) +
            "' at 'stackName' failed to satisfy constraint: Member must have length less than "
            "or equal to 128");
  }
}

std::string CapabilityNeeds::Reason() const {
  if (resource_types.empty()) return "";
  std::string list;
  for (const std::string& type : resource_types) list += (list.empty() ? "" : ", ") + type;
  return "The following resource(s) require capabilities: [" + list + "]";
}

CapabilityNeeds NeededCapabilities(const json::object& tmpl) {
  CapabilityNeeds needs;
  bool iam = false;
  bool named = false;
  for (const auto& [logical_id, definition] : Resources(tmpl)) {
    const json::object* resource = definition.if_object();
    const json::value* type = resource ? resource->if_contains("Type") : nullptr;
    if (!type || !type->is_string()) continue;
    const std::string_view type_name = type->get_string();
    if (std::find(kIamTypes.begin(), kIamTypes.end(), type_name) == kIamTypes.end()) continue;
    iam = true;
    if (!Has(needs.resource_types, type_name)) needs.resource_types.emplace_back(type_name);
    const json::value* properties = resource->if_contains("Properties");
    const std::string_view name = NameProperty(type_name);
    named = named || (!name.empty() && properties && properties->is_object() &&
                      properties->get_object().contains(name));
  }
  if (named) {
    needs.capabilities.emplace_back("CAPABILITY_NAMED_IAM");
  } else if (iam) {
    needs.capabilities.emplace_back("CAPABILITY_IAM");
  }
  if (tmpl.contains("Transform")) needs.capabilities.emplace_back("CAPABILITY_AUTO_EXPAND");
  return needs;
}

void CheckTransformsRunnable(const json::object& tmpl, std::string_view account) {
  std::vector<std::string> names;
  if (const json::value* transform = tmpl.if_contains("Transform")) {
    const json::array declared =
        transform->is_array() ? transform->get_array() : json::array{*transform};
    for (const json::value& entry : declared) {
      const json::object* object = entry.if_object();
      const json::value* name = object ? object->if_contains("Name") : &entry;
      if (name && name->is_string() && name->get_string() != "AWS::LanguageExtensions") {
        names.emplace_back(name->get_string());
      }
    }
  }
  for (std::string_view section : {"Resources", "Outputs", "Conditions", "Mappings"}) {
    if (const json::value* value = tmpl.if_contains(section)) CollectFnTransforms(*value, names);
  }
  if (!names.empty()) Invalid(TransformFailure(names.front(), account));
}

void CheckCapabilities(const json::object& tmpl, const std::vector<std::string>& given) {
  std::vector<std::string> missing;
  for (const std::string& needed : NeededCapabilities(tmpl).capabilities) {
    // Either IAM capability acknowledges IAM resources without custom names.
    const bool acknowledged =
        Has(given, needed) || (needed == "CAPABILITY_IAM" && Has(given, "CAPABILITY_NAMED_IAM"));
    if (!acknowledged) missing.push_back(needed);
  }
  if (missing.empty()) return;
  std::string list;
  for (const std::string& capability : missing) list += (list.empty() ? "" : ", ") + capability;
  throw AwsError("InsufficientCapabilitiesException", "Requires capabilities : [" + list + "]");
}

void CheckResourceTypes(const json::object& tmpl, const std::vector<std::string>& allowed) {
  const auto admits = [](std::string_view pattern, std::string_view type) {
    if (pattern.size() >= 1 && pattern.back() == '*') {
      return core::StartsWith(type, pattern.substr(0, pattern.size() - 1));
    }
    return pattern == type;
  };
  for (const auto& [logical_id, definition] : Resources(tmpl)) {
    const json::object* resource = definition.if_object();
    const json::value* type = resource ? resource->if_contains("Type") : nullptr;
    if (!type || !type->is_string()) continue;
    const std::string_view type_name = type->get_string();
    if (std::any_of(allowed.begin(), allowed.end(),
                    [&](const std::string& pattern) { return admits(pattern, type_name); })) {
      continue;
    }
    std::string list;
    for (const std::string& pattern : allowed) list += (list.empty() ? "" : ", ") + pattern;
    Invalid("Resource type " + std::string(type_name) +
            " is not allowed by parameter "
            "ResourceTypes [" +
            list + "]");
  }
}

void CheckRollbackConfiguration(const json::object& configuration) {
  const json::array* triggers = core::protocol::OptArray(configuration, "RollbackTriggers");
  if (!triggers) return;
  for (const json::value& trigger : *triggers) {
    const json::object* t = trigger.if_object();
    if (!t) continue;
    if (core::protocol::StringOr(*t, "Type", "") != "AWS::CloudWatch::Alarm") {
      Invalid("Rollback Trigger Type not supported");
    }
    const std::optional<core::ParsedArn> arn =
        core::ParseArn(core::protocol::StringOr(*t, "Arn", ""));
    if (!arn || arn->service != "cloudwatch" || !core::StartsWith(arn->resource, "alarm:")) {
      Invalid("RelativeId of a Rollback Trigger's ARN is incorrect");
    }
  }
}

void CheckTypesKept(const json::object& tmpl, const std::vector<ResourceRecord>& resources) {
  std::string changed;
  for (const ResourceRecord& row : resources) {
    const json::value* definition = Resources(tmpl).if_contains(row.logical_id);
    const json::value* type = definition && definition->is_object()
                                  ? definition->get_object().if_contains("Type")
                                  : nullptr;
    if (type && type->is_string() && type->get_string() != row.type) {
      changed += (changed.empty() ? "" : ", ") + row.logical_id;
    }
  }
  if (!changed.empty()) {  // quoted from AWS by users
    Invalid(
        "Update of resource type is not permitted. The new template modifies resource type of "
        "the following resources: [" +
        changed + "]");
  }
}

}  // namespace nimbus::cloudformation::internal
