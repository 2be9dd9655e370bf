// AWS::SSO::Assignment
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sso-assignment.html).
// An account assignment made through SSO Admin as the stack's caller. SSO Admin creates and
// deletes assignments asynchronously: CreateAccountAssignment answers a request that is
// IN_PROGRESS, and the resource is complete once the assignment is listed (a FAILED request, an
// unknown user or group, fails it with SSO Admin's FailureReason); DeleteAccountAssignment
// likewise, and the resource is gone once the assignment is no longer listed. Every property is
// create-only, and Ref is "a generated ID, combined by all fields with the delimiter |", in the
// order of the schema's primaryIdentifier; it is also the physical id, from which every call
// reads the assignment back.
#include <array>
#include <string>
#include <vector>

#include "cloudformation/resources/composite_id.h"
#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::IdentifierPart;
using internal::PropertySpec;

constexpr std::array<std::string_view, 1> kTargetTypes = {"AWS_ACCOUNT"};
constexpr std::array<std::string_view, 2> kPrincipalTypes = {"USER", "GROUP"};

// From the type's resource schema (models/cloudformation-schemas/resources/
// AWS-SSO-Assignment.json): every property is required, in its order.
constexpr std::array<PropertySpec, 6> kProperties = {{
    {.name = "InstanceArn", .required = true, .minimum = 10, .maximum = 1224},
    {.name = "TargetId", .required = true, .pattern = "\\d{12}"},
    {.name = "TargetType", .required = true, .allowed = kTargetTypes},
    {.name = "PermissionSetArn", .required = true, .minimum = 10, .maximum = 1224},
    {.name = "PrincipalType", .required = true, .allowed = kPrincipalTypes},
    {.name = "PrincipalId", .required = true, .minimum = 1, .maximum = 47},
}};

std::string Text(const json::object& props, std::string_view name) {
  return internal::StringProperty(props, name).value_or("");
}

// The primaryIdentifier, in its order.
constexpr std::array<std::string_view, 6> kFields = {
    "InstanceArn", "TargetId", "TargetType", "PermissionSetArn", "PrincipalType", "PrincipalId"};

// The assignment's six fields from its physical id, as SSO Admin's requests name them.
json::object Fields(std::string_view physical_id) {
  json::object fields;
  for (size_t i = 0; i < kFields.size(); ++i) {
    fields[kFields[i]] = IdentifierPart(physical_id, i);
  }
  return fields;
}

// Whether SSO Admin lists the assignment.
bool Listed(const ResourceRequest& req, const json::object& fields) {
  json::object in{{"InstanceArn", fields.at("InstanceArn")},
                  {"AccountId", fields.at("TargetId")},
                  {"PermissionSetArn", fields.at("PermissionSetArn")}};
  while (true) {
    const json::value out = req.services.Call(req.ctx, "sso-admin", "ListAccountAssignments", in);
    for (const json::value& item : out.at("AccountAssignments").as_array()) {
      if (item.at("PrincipalType") == fields.at("PrincipalType") &&
          item.at("PrincipalId") == fields.at("PrincipalId")) {
        return true;
      }
    }
    const std::optional<std::string> next = internal::StringProperty(out.as_object(), "NextToken");
    if (!next) return false;
    in["NextToken"] = *next;
  }
}

// The creation requests for this assignment that have `status`, as
// DescribeAccountAssignmentCreationStatus answers them.
std::vector<json::object> CreationRequests(const ResourceRequest& req, const json::object& fields,
                                           std::string_view status) {
  std::vector<json::object> found;
  json::object in{{"InstanceArn", fields.at("InstanceArn")}, {"Filter", {{"Status", status}}}};
  while (true) {
    const json::value out =
        req.services.Call(req.ctx, "sso-admin", "ListAccountAssignmentCreationStatus", in);
    for (const json::value& item : out.at("AccountAssignmentsCreationStatus").as_array()) {
      const json::value described =
          req.services.Call(req.ctx, "sso-admin", "DescribeAccountAssignmentCreationStatus",
                            {{"InstanceArn", fields.at("InstanceArn")},
                             {"AccountAssignmentCreationRequestId", item.at("RequestId")}});
      const json::object& request = described.at("AccountAssignmentCreationStatus").as_object();
      bool same = true;
      for (std::string_view field : kFields) {
        if (field == "InstanceArn") continue;
        same = same && Text(request, field) == Text(fields, field);
      }
      if (same) found.push_back(request);
    }
    const std::optional<std::string> next = internal::StringProperty(out.as_object(), "NextToken");
    if (!next) return found;
    in["NextToken"] = *next;
  }
}

class SsoAssignment final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::SSO::Assignment"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    json::object in;
    for (std::string_view field : kFields) in[field] = Text(req.props, field);
    const json::value started =
        req.services.Call(req.ctx, "sso-admin", "CreateAccountAssignment", in);
    const json::object& status = started.at("AccountAssignmentCreationStatus").as_object();
    if (Text(status, "Status") == "FAILED") Fail(status);
    return {.physical_id = internal::JoinIdentifiers(
                {Text(in, "InstanceArn"), Text(in, "TargetId"), Text(in, "TargetType"),
                 Text(in, "PermissionSetArn"), Text(in, "PrincipalType"), Text(in, "PrincipalId")}),
            .ready = Text(status, "Status") == "SUCCEEDED"};
  }

  bool Ready(const ResourceRequest& req, std::string_view physical_id) override {
    const json::object fields = Fields(physical_id);
    if (Listed(req, fields)) return true;
    if (!CreationRequests(req, fields, "IN_PROGRESS").empty()) return false;
    const std::vector<json::object> failed = CreationRequests(req, fields, "FAILED");
    if (!failed.empty()) Fail(failed.back());
    throw core::AwsError(
        "NotFound", "The account assignment " + std::string(physical_id) + " was not created.");
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)req;
    (void)previous;
    return {.physical_id = std::string(physical_id)};  // every property is create-only
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    // The assignment, its permission set or its instance may be gone: counted as deleted.
    internal::DeleteUnlessGone(req, "sso-admin", "DeleteAccountAssignment", Fields(physical_id),
                               {"ResourceNotFoundException", "AccessDeniedException"});
  }

  bool Gone(const ResourceRequest& req, std::string_view physical_id) override {
    try {
      return !Listed(req, Fields(physical_id));
    } catch (const core::AwsError& error) {
      if (error.code() != "ResourceNotFoundException" && error.code() != "AccessDeniedException") {
        throw;
      }
      return true;
    }
  }

  std::vector<std::string> Identifiers() const override {
    return std::vector<std::string>(kFields.begin(), kFields.end());
  }

 private:
  [[noreturn]] static void Fail(const json::object& status) {
    throw core::AwsError("NotStabilized", internal::StringProperty(status, "FailureReason")
                                              .value_or("The account assignment failed."));
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeSsoAssignment() {
  return std::make_unique<SsoAssignment>();
}

}  // namespace nimbus::cloudformation
