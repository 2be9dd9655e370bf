// AWS::Organizations::Account
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-account.html).
// CreateAccount is asynchronous in Organizations, so the resource is too: Create starts the
// request (its physical id is the request's id, car-...), the deployer polls Ready() through
// DescribeCreateAccountStatus, and once the account exists it is moved under ParentIds and its
// id becomes the physical id. Every call goes through ServiceClient as the stack's caller, who
// must be the organization's management account.
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/organizations_tags.h"
#include "cloudformation/resources/property_checks.h"
#include "core/aws_error.h"
#include "core/clock.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::PropertyKind;
using internal::PropertySpec;
using internal::StringProperty;

namespace {

// From the type's resource schema
// (models/cloudformation-schemas/resources/AWS-Organizations-Account.json).
constexpr std::array<PropertySpec, 5> kProperties = {{
    {.name = "AccountName",
     .required = true,
     .minimum = 1,
     .maximum = 50,
     .pattern = "[\\x{20}-\\x{7E}]+"},
    {.name = "Email",
     .required = true,
     .minimum = 6,
     .maximum = 64,
     .pattern = "[^\\s@]+@[^\\s@]+\\.[^\\s@]+"},
    {.name = "ParentIds", .kind = PropertyKind::kStringList},
    {.name = "RoleName", .minimum = 1, .maximum = 64, .pattern = "[\\w+=,.@-]{1,64}"},
    {.name = "Tags", .kind = PropertyKind::kTags},
}};

// The page: AccountName, Email and RoleName "Updates are not supported".
constexpr std::array<std::string_view, 3> kFixed = {"AccountName", "Email", "RoleName"};

constexpr std::string_view kRequestPrefix = "car-";

// The handler's own failures, which CloudFormation reports as "Invalid request provided: ...".
[[noreturn]] void InvalidRequest(const std::string& message) {
  throw core::AwsError("InvalidRequest", "Invalid request provided: " + message);
}

std::vector<std::string> ParentIds(const json::object& props) {
  std::vector<std::string> ids;
  if (const json::value* parents = props.if_contains("ParentIds"); parents && parents->is_array()) {
    for (const json::value& id : parents->get_array()) {
      if (id.is_string()) ids.emplace_back(id.get_string());
    }
  }
  return ids;
}

json::object CreateStatus(const ResourceRequest& req, std::string_view request_id) {
  return req.services
      .Call(req.ctx, "organizations", "DescribeCreateAccountStatus",
            {{"CreateAccountRequestId", request_id}})
      .at("CreateAccountStatus")
      .as_object();
}

// Moves the account under `parent` unless it is there already.
void MoveTo(const ResourceRequest& req, std::string_view account_id, std::string_view parent) {
  const json::value parents =
      req.services.Call(req.ctx, "organizations", "ListParents", {{"ChildId", account_id}});
  const std::string source(parents.at("Parents").at(0).at("Id").as_string());
  if (source == parent) return;
  req.services.Call(
      req.ctx, "organizations", "MoveAccount",
      {{"AccountId", account_id}, {"SourceParentId", source}, {"DestinationParentId", parent}});
}

class OrganizationsAccount final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::Organizations::Account"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    if (ParentIds(req.props).size() > 1) {
      InvalidRequest("Can not specify more than one parent id in request for account name [" +
                     StringProperty(req.props, "AccountName").value_or("") + "].");
    }
    json::object in{{"Email", *StringProperty(req.props, "Email")},
                    {"AccountName", *StringProperty(req.props, "AccountName")},
                    {"Tags", internal::ResourceTags(req, true)}};
    if (auto role = StringProperty(req.props, "RoleName")) in["RoleName"] = *role;
    const json::value started = req.services.Call(req.ctx, "organizations", "CreateAccount", in);
    return {.physical_id = std::string(started.at("CreateAccountStatus").at("Id").as_string()),
            .ready = false};
  }

  // Once Organizations has made the account: moved under ParentIds. A failed request fails the
  // resource with the reason Organizations gives, as AWS's handler words it.
  bool Ready(const ResourceRequest& req, std::string_view physical_id) override {
    const json::object status = CreateStatus(req, physical_id);
    const std::string_view state = status.at("State").as_string();
    if (state == "IN_PROGRESS") return false;
    if (state != "SUCCEEDED") {
      const json::value* reason = status.if_contains("FailureReason");
      throw core::AwsError(
          "GeneralServiceException",
          "Account creation failed with reason [" +
              (reason && reason->is_string() ? std::string(reason->get_string()) : "") +
              "] for request id: " + std::string(physical_id));
    }
    const std::vector<std::string> parents = ParentIds(req.props);
    if (!parents.empty()) MoveTo(req, status.at("AccountId").as_string(), parents.front());
    return true;
  }

  // Ref and the physical id are the account's id, which Organizations gives only at the end.
  std::string ReadyPhysicalId(const ResourceRequest& req, std::string_view physical_id) override {
    if (!physical_id.starts_with(kRequestPrefix)) return std::string(physical_id);
    return std::string(CreateStatus(req, physical_id).at("AccountId").as_string());
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    for (std::string_view name : kFixed) {
      if (StringProperty(previous, name) != StringProperty(req.props, name)) {
        InvalidRequest("You cannot update the " + std::string(name) +
                       " property of an AWS::Organizations::Account resource.");
      }
    }
    const std::vector<std::string> parents = ParentIds(req.props);
    if (parents.size() > 1) {
      InvalidRequest("Can not specify more than one parent id in request for account name [" +
                     StringProperty(req.props, "AccountName").value_or("") + "].");
    }
    if (!parents.empty() && parents != ParentIds(previous)) {
      MoveTo(req, physical_id, parents.front());
    } else if (parents.empty() && !ParentIds(previous).empty()) {
      // Without ParentIds the account belongs in the root.
      const json::value roots = req.services.Call(req.ctx, "organizations", "ListRoots", {});
      MoveTo(req, physical_id, roots.at("Roots").at(0).at("Id").as_string());
    }
    internal::ReplaceOrganizationsTags(req, physical_id, internal::ResourceTags(req, true));
    return {.physical_id = std::string(physical_id)};
  }

  // "The default DeletionPolicy for resource AWS::Organizations::Account is Retain" (the type's
  // page): removing the account from the stack leaves it in the organization.
  std::string_view DefaultDeletionPolicy(const json::object& props) const override {
    (void)props;
    return "Retain";
  }

  // With DeletionPolicy Delete, CloudFormation closes the account (CloseAccount). Should
  // Organizations answer NotImplemented, the deletion fails saying so, rather than leaving the
  // account open as if it had been closed.
  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    if (physical_id.substr(0, 4) == "car-") return;  // the creation never made an account
    try {
      req.services.Call(req.ctx, "organizations", "CloseAccount", {{"AccountId", physical_id}});
    } catch (const core::AwsError& error) {
      if (error.code() == "AccountNotFoundException" ||
          error.code() == "AccountAlreadyClosedException") {
        return;  // gone already, as CloudFormation counts it
      }
      if (error.code() != "NotImplemented") throw;
      throw core::AwsError(
          "NotImplemented",
          "nimbus cannot close accounts yet (its Organizations does not emulate CloseAccount), "
          "so account " +
              std::string(physical_id) +
              " was not deleted. Keep it with DeletionPolicy Retain (the type's default) or "
              "DeleteStack's RetainResources");
    }
  }

  // The attributes the page lists, read from Organizations (DescribeAccount).
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    if (name == "AccountId") return json::value(json::string(physical_id));
    if (name != "Arn" && name != "JoinedMethod" && name != "JoinedTimestamp" && name != "Status") {
      return std::nullopt;
    }
    const json::value described = req.services.Call(req.ctx, "organizations", "DescribeAccount",
                                                    {{"AccountId", physical_id}});
    const json::value& value = described.at("Account").at(name);
    if (name == "JoinedTimestamp" && value.is_number()) {
      // A string in CloudFormation ("2016-11-24T11:11:48-08:00" on the page), epoch seconds in
      // the API's JSON.
      return json::value(core::FormatIso8601(std::llround(value.to_number<double>() * 1000)));
    }
    return value;
  }

  std::vector<std::string> Identifiers() const override { return {"AccountId"}; }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeOrganizationsAccount() {
  return std::make_unique<OrganizationsAccount>();
}

}  // namespace nimbus::cloudformation
