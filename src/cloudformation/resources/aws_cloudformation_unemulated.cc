// CloudFormation's own types that nimbus cannot create, each failing at creation with a reason
// that says why, never succeeding in pretence (the schema-driven fallback would otherwise
// simulate them): custom resources send their requests to a Lambda function or an SNS topic,
// macros are Lambda functions, and the registry's types (hooks, modules, type versions) change
// how CloudFormation itself behaves.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cloudformation/resources/native.h"
#include "core/aws_error.h"
#include "core/partition.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

constexpr std::string_view kCode = "NotSupported";

std::string StringOr(const json::object& props, std::string_view name, std::string fallback) {
  const json::value* value = props.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : fallback;
}

// A type whose every creation fails with the same reason.
class Unemulated : public Resource {
 public:
  Unemulated(std::string type, std::string reason)
      : type_(std::move(type)), reason_(std::move(reason)) {}
  std::string_view Type() const override { return type_; }

  ResourceResult Create(const ResourceRequest& req) override {
    throw core::AwsError(std::string(kCode), Reason(req));
  }
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)physical_id;
    (void)previous;
    throw core::AwsError(std::string(kCode), Reason(req));
  }
  // Never created, so there is nothing to delete.
  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    (void)req;
    (void)physical_id;
  }

 protected:
  virtual std::string Reason(const ResourceRequest& req) const {
    (void)req;
    return reason_;
  }

 private:
  std::string type_;
  std::string reason_;
};

// Custom::<Name> and AWS::CloudFormation::CustomResource: CloudFormation sends the request to
// the ServiceToken, a Lambda function or an SNS topic, and waits for the answer.
class CustomResource final : public Unemulated {
 public:
  CustomResource() : Unemulated("AWS::CloudFormation::CustomResource", "") {}

  void Validate(const json::object& props) const override {
    if (!props.contains("ServiceToken")) {
      ThrowPropertyValidation({"The property {/ServiceToken} is required"});
    }
  }

 protected:
  std::string Reason(const ResourceRequest& req) const override {
    const std::string token = StringOr(req.props, "ServiceToken", "");
    const std::optional<core::ParsedArn> arn = core::ParseArn(token);
    std::string what = "nimbus does not emulate Lambda or SNS, which custom resources are sent to";
    if (arn && arn->service == "lambda") {
      what = "it is a Lambda function, and nimbus does not emulate Lambda";
    } else if (arn && arn->service == "sns") {
      what = "it is an SNS topic, and nimbus does not emulate SNS";
    }
    return "nimbus cannot invoke the ServiceToken " + token + " of custom resource " +
           std::string(req.logical_id) + ": " + what;
  }
};

// AWS::CloudFormation::Macro: its FunctionName is the Lambda function that runs the transform.
class Macro final : public Unemulated {
 public:
  Macro() : Unemulated("AWS::CloudFormation::Macro", "") {}

 protected:
  std::string Reason(const ResourceRequest& req) const override {
    return "nimbus cannot create macro " +
           StringOr(req.props, "Name", std::string(req.logical_id)) +
           ": a macro runs the Lambda function " + StringOr(req.props, "FunctionName", "") +
           ", and nimbus does not emulate Lambda";
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeCustomResource() {
  return std::make_unique<CustomResource>();
}

std::vector<std::unique_ptr<Resource>> internal::MakeUnemulatedCloudFormationTypes() {
  std::vector<std::unique_ptr<Resource>> types;
  types.push_back(std::make_unique<Macro>());
  types.push_back(std::make_unique<Unemulated>(
      "AWS::CloudFormation::StackSet",
      "nimbus does not emulate stack sets yet: AWS::CloudFormation::StackSet cannot be created"));
  // The CloudFormation registry: extensions, hooks, modules and their versions.
  for (std::string_view type :
       {"AWS::CloudFormation::GuardHook", "AWS::CloudFormation::HookDefaultVersion",
        "AWS::CloudFormation::HookTypeConfig", "AWS::CloudFormation::HookVersion",
        "AWS::CloudFormation::LambdaHook", "AWS::CloudFormation::ModuleDefaultVersion",
        "AWS::CloudFormation::ModuleVersion", "AWS::CloudFormation::PublicTypeVersion",
        "AWS::CloudFormation::Publisher", "AWS::CloudFormation::ResourceDefaultVersion",
        "AWS::CloudFormation::ResourceVersion", "AWS::CloudFormation::TypeActivation"}) {
    types.push_back(std::make_unique<Unemulated>(
        std::string(type),
        "nimbus does not emulate the CloudFormation registry (extensions, "
        "hooks, modules and their versions): " +
            std::string(type) + " cannot be created"));
  }
  return types;
}

}  // namespace nimbus::cloudformation
