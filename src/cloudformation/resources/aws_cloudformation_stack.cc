// AWS::CloudFormation::Stack, a nested stack
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-stack.html).
// The child is a real stack of the same account and region, named as AWS names it
// (<parent>-<logical id>-<13 random characters>), created by the NestedStackHost from the
// template at TemplateURL and deployed by the same deployer on the scheduler. The parent's
// resource waits for it without blocking the scheduler: Create returns at once and the deployer
// polls Ready() until the child is CREATE_COMPLETE, or fails with AWS's "Embedded stack <arn> was
// not successfully created: <why>" once the child has rolled back. An update of the parent, and
// its rollback, wait for the child's update the same way. Deletion deletes the child
// (after its rollback, if it is still rolling back) and polls until it is DELETE_COMPLETE.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/nested_stack_host.h"
#include "cloudformation/resources/property_checks.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::PropertyKind;
using internal::PropertySpec;
using internal::StringProperty;

namespace {

// From the type's resource schema (models/cloudformation-schemas/resources/
// AWS-CloudFormation-Stack.json): the properties a template may give (the page lists the others
// as set by the parent stack, or for Cloud Control API only).
constexpr std::array<PropertySpec, 5> kProperties = {{
    {.name = "NotificationARNs", .kind = PropertyKind::kStringList},
    {.name = "Parameters", .kind = PropertyKind::kObject},
    {.name = "Tags", .kind = PropertyKind::kTags},
    {.name = "TemplateURL", .required = true, .minimum = 1, .maximum = 1024},
    {.name = "TimeoutInMinutes", .kind = PropertyKind::kInteger, .minimum = 1},
}};

constexpr std::string_view kOutputsPrefix = "Outputs.";

// A parameter value as the child's Parameters take it: a string; a list (a
// CommaDelimitedList parameter of the parent) comma-joined, as the page asks templates to do.
std::string ParameterValue(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_array()) {
    std::string joined;
    for (const json::value& item : value.get_array()) {
      if (!joined.empty()) joined += ",";
      joined += ParameterValue(item);
    }
    return joined;
  }
  return json::serialize(value);  // a number or a Boolean, as its text
}

// CreateStack's or UpdateStack's members from the resource's properties.
json::object StackRequest(const ResourceRequest& req, std::string_view name,
                          std::string template_body) {
  json::object in{{"StackName", name}, {"TemplateBody", std::move(template_body)}};
  json::array parameters;
  if (const json::value* given = req.props.if_contains("Parameters"); given && given->is_object()) {
    for (const auto& [key, value] : given->get_object()) {
      parameters.push_back(
          json::object{{"ParameterKey", key}, {"ParameterValue", ParameterValue(value)}});
    }
  }
  in["Parameters"] = std::move(parameters);
  if (std::optional<int64_t> timeout = internal::IntProperty(req.props, "TimeoutInMinutes")) {
    in["TimeoutInMinutes"] = *timeout;
  }
  if (const json::value* topics = req.props.if_contains("NotificationARNs")) {
    in["NotificationARNs"] = *topics;
  }
  // The parent stack's tags, the resource's own over them: AWS propagates both to the child.
  in["Tags"] = internal::ResourceTags(req, false);
  return in;
}

// The child stack as DescribeStacks shows it, or nullopt once it no longer exists.
std::optional<json::object> Describe(const ResourceRequest& req, std::string_view stack_id) {
  try {
    json::value got =
        req.services.Call(req.ctx, "cloudformation", "DescribeStacks", {{"StackName", stack_id}});
    return got.at("Stacks").at(0).as_object();
  } catch (const core::AwsError& error) {
    if (error.code() == "ValidationError") return std::nullopt;
    throw;
  }
}

std::string StatusOf(const json::object& stack) {
  return std::string(stack.at("StackStatus").as_string());
}

// Why the child's last operation failed: the reason of its last ROLLBACK_IN_PROGRESS,
// UPDATE_ROLLBACK_IN_PROGRESS or *_FAILED stack event, without the "Rollback requested by
// user." that AWS leaves out of the parent's reason.
std::string FailureReason(const ResourceRequest& req, const json::object& stack) {
  const std::string id(stack.at("StackId").as_string());
  const json::value got =
      req.services.Call(req.ctx, "cloudformation", "DescribeStackEvents", {{"StackName", id}});
  for (const json::value& event : got.at("StackEvents").as_array()) {  // newest first
    const json::object& e = event.as_object();
    if (e.at("PhysicalResourceId").as_string() != id) continue;
    const std::string_view status = e.at("ResourceStatus").as_string();
    if (status != "ROLLBACK_IN_PROGRESS" && status != "UPDATE_ROLLBACK_IN_PROGRESS" &&
        !status.ends_with("_FAILED")) {
      continue;
    }
    const json::value* reason = e.if_contains("ResourceStatusReason");
    std::string text = reason && reason->is_string() ? std::string(reason->get_string()) : "";
    for (std::string_view suffix : {"Rollback requested by user.", " "}) {
      if (std::string_view(text).ends_with(suffix)) text.resize(text.size() - suffix.size());
    }
    return text;
  }
  const json::value* reason = stack.if_contains("StackStatusReason");
  return reason && reason->is_string() ? std::string(reason->get_string()) : "";
}

bool InProgress(std::string_view status) { return status.ends_with("_IN_PROGRESS"); }

// Whether the resource's own stack is rolling an update back.
bool ParentRollingBack(const ResourceRequest& req) {
  const std::optional<json::object> parent = Describe(req, req.stack_id);
  return parent && StatusOf(*parent) == "UPDATE_ROLLBACK_IN_PROGRESS";
}

// Whether DeleteStack of a child in `status` is for now: one that is rolling back or cleaning up
// is deleted once it is done; one still being created (its parent failed or timed out) at once.
bool DeletableNow(std::string_view status) {
  return status == "CREATE_IN_PROGRESS" || !InProgress(status);
}

class NestedStack final : public Resource {
 public:
  explicit NestedStack(NestedStackHost& host) : host_(host) {}
  std::string_view Type() const override { return "AWS::CloudFormation::Stack"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    std::string body = host_.ReadTemplate(req.ctx, *StringProperty(req.props, "TemplateURL"));
    // A stack name has at most 128 characters.
    json::object in = StackRequest(req, req.GeneratedName(128), std::move(body));
    return {.physical_id = host_.CreateNestedStack(req.ctx, req.stack_id, std::move(in)),
            .ready = false};
  }

  // AWS updates every nested stack of a stack it updates, with its template read again: the
  // child's resources change only where that changes them.
  bool UpdatedWhenUnchanged() const override { return true; }

  // The child stack updated to the template at TemplateURL and the parameters.
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)previous;
    std::string body = host_.ReadTemplate(req.ctx, *StringProperty(req.props, "TemplateURL"));
    json::object in = StackRequest(req, physical_id, std::move(body));
    in.erase("TimeoutInMinutes");  // "Updates aren't supported" (the page)
    const bool started = host_.UpdateNestedStack(req.ctx, req.stack_id, std::move(in));
    return {.physical_id = std::string(physical_id), .ready = !started};
  }

  // Ready once the child's creation or update has completed; its failure is the resource's,
  // reported once the child has rolled back.
  bool Ready(const ResourceRequest& req, std::string_view physical_id) override {
    const std::optional<json::object> stack = Describe(req, physical_id);
    if (!stack)
      Fail("created", physical_id, "Stack with id " + std::string(physical_id) + " does not exist");
    const std::string status = StatusOf(*stack);
    // An updated child is complete once its cleanup is done too (AWS completes the parent's
    // resource before that), so that a rollback of the parent finds it ready to update back.
    if (status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE") return true;
    if (InProgress(status)) return false;
    // The parent's rollback cancelled the child's update: rolled back is where it wants it.
    if (status == "UPDATE_ROLLBACK_COMPLETE" && ParentRollingBack(req)) return true;
    if (status.starts_with("UPDATE_")) {
      // Unverified wording, as recalled from AWS's consoles.
      throw core::AwsError("NotStabilized", "Embedded stack " + std::string(physical_id) +
                                                " was not successfully updated. Currently in " +
                                                status +
                                                " with reason: " + FailureReason(req, *stack));
    }
    Fail("created", physical_id, FailureReason(req, *stack));
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    const std::optional<json::object> stack = Describe(req, physical_id);
    if (!stack || StatusOf(*stack) == "DELETE_COMPLETE" || !DeletableNow(StatusOf(*stack))) {
      return;  // gone, or deleted by Gone once it is deletable
    }
    req.services.Call(req.ctx, "cloudformation", "DeleteStack", {{"StackName", physical_id}});
  }

  bool Gone(const ResourceRequest& req, std::string_view physical_id) override {
    const std::optional<json::object> stack = Describe(req, physical_id);
    if (!stack) return true;
    const std::string status = StatusOf(*stack);
    if (status == "DELETE_COMPLETE") return true;
    if (status == "DELETE_FAILED") {
      throw core::AwsError("NotStabilized",
                           "Embedded stack " + std::string(physical_id) +
                               " was not successfully deleted: " + FailureReason(req, *stack));
    }
    if (status != "DELETE_IN_PROGRESS" && DeletableNow(status)) Delete(req, physical_id);
    return false;
  }

  // Fn::GetAtt Outputs.<Name>: the child's output, read from the child now.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    if (!name.starts_with(kOutputsPrefix)) return std::nullopt;
    const std::string_view key = name.substr(kOutputsPrefix.size());
    const std::optional<json::object> stack = Describe(req, physical_id);
    if (!stack) return std::nullopt;
    if (const json::value* outputs = stack->if_contains("Outputs")) {
      for (const json::value& output : outputs->as_array()) {
        if (output.at("OutputKey").as_string() == key) return output.at("OutputValue");
      }
    }
    return std::nullopt;
  }

  std::vector<std::string> Identifiers() const override { return {"StackId"}; }

 private:
  [[noreturn]] static void Fail(std::string_view done, std::string_view stack_id,
                                const std::string& why) {
    // Quoted from AWS by users: "Embedded stack arn:... was not successfully created: The
    // following resource(s) failed to create: [X]."
    throw core::AwsError("NotStabilized", "Embedded stack " + std::string(stack_id) +
                                              " was not successfully " + std::string(done) + ": " +
                                              why);
  }

  NestedStackHost& host_;
};

}  // namespace

std::unique_ptr<Resource> internal::MakeNestedStack(NestedStackHost& host) {
  return std::make_unique<NestedStack>(host);
}

}  // namespace nimbus::cloudformation
