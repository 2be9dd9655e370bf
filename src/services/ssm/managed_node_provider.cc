#include "services/ssm/managed_node_provider.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::OptArray;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using services::TagListJson;

namespace {

constexpr std::string_view kManagedInstance = "ManagedInstance";
constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kDefaultPageSize = 50;

// The newest SSM Agent release nimbus knows of; a node reporting it (or a later one) is
// IsLatestVersion. AWS compares with its current release, which moves on: unverified.
constexpr std::string_view kLatestAgentVersion = "3.3.1802.0";

// Compares dotted version numbers ("3.3.987.0") part by part, numerically; a missing part is 0.
int CompareVersions(std::string_view a, std::string_view b) {
  const std::vector<std::string_view> x = core::Split(a, '.');
  const std::vector<std::string_view> y = core::Split(b, '.');
  const auto part = [](const std::vector<std::string_view>& parts, size_t n) {
    int64_t value = 0;
    if (n < parts.size()) {
      std::from_chars(parts[n].data(), parts[n].data() + parts[n].size(), value);
    }
    return value;
  };
  for (size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    const int64_t l = part(x, i);
    const int64_t r = part(y, i);
    if (l != r) return l < r ? -1 : 1;
  }
  return 0;
}

// mi-<17 hex>, i-<8 hex> or i-<17 hex>.
bool IsNodeId(std::string_view id) {
  if (id.substr(0, 3) == "mi-") return id.size() == 20 && core::IsLowerHex(id.substr(3));
  if (id.substr(0, 2) == "i-") {
    return (id.size() == 10 || id.size() == 19) && core::IsLowerHex(id.substr(2));
  }
  return false;
}

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

void RequireValues(std::string_view key, const std::vector<std::string>& values,
                   const std::set<std::string>& allowed) {
  for (const std::string& v : values) {
    if (!allowed.count(v)) {
      std::vector<std::string> sorted(allowed.begin(), allowed.end());
      throw AwsError("InvalidInstanceInformationFilterValue",
                     std::string(key) + " filter is invalid, valid values are " + Join(sorted));
    }
  }
}

// Tags as the API sends them, a Key/Value list, or in the fleet file also an object {key: value}.
std::map<std::string, std::string> TagMap(const json::object& in, std::string_view member) {
  if (core::protocol::OptObject(in, member)) return core::protocol::StringMap(in, member);
  return services::ReadTagMap(in, member);
}

}  // namespace

ManagedNodeProvider::ManagedNodeProvider(Runtime& rt)
    : clock_(rt.clock),
      ids_(rt.ids),
      default_account_(rt.options.default_account),
      default_region_(rt.options.default_region),
      ping_timeout_millis_(rt.options.ping_timeout_millis),
      nodes_(rt.db),
      tags_(rt.db) {
  Register("CreateActivation", &ManagedNodeProvider::CreateActivation);
  Register("DescribeActivations", &ManagedNodeProvider::DescribeActivations);
  Register("DeleteActivation", &ManagedNodeProvider::DeleteActivation);
  Register("RegisterManagedInstance", &ManagedNodeProvider::RegisterManagedInstance);
  Register("UpdateInstanceInformation", &ManagedNodeProvider::UpdateInstanceInformation);
  Register("RequestManagedInstanceRoleToken",
           &ManagedNodeProvider::RequestManagedInstanceRoleToken);
  Register("UpdateManagedInstancePublicKey",
           &ManagedNodeProvider::UpdateManagedInstancePublicKey);
  Register("DeregisterManagedInstance", &ManagedNodeProvider::DeregisterManagedInstance);
  Register("DescribeInstanceInformation", &ManagedNodeProvider::DescribeInstanceInformation);
}

json::value ManagedNodeProvider::CreateActivation(const RequestContext& ctx,
                                                  const json::object& in) {
  ActivationRecord a;
  a.scope = ctx.scope;
  a.iam_role = RequiredString(in, "IamRole");
  a.description = OptString(in, "Description").value_or("");
  a.default_instance_name = OptString(in, "DefaultInstanceName").value_or("");
  a.registration_limit = OptInt(in, "RegistrationLimit").value_or(1);
  a.created_millis = ctx.now_millis;
  a.expiration_millis = ctx.now_millis + kDay;
  if (const std::optional<double> expiration = core::protocol::OptDouble(in, "ExpirationDate")) {
    a.expiration_millis = core::EpochMillis(*expiration);
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateActivation.html:
    // "You can specify a date up to 30 days in advance."
    if (a.expiration_millis <= ctx.now_millis) {
      throw AwsError("InvalidParameters", "Expiration date must be in the future.");
    }
    if (a.expiration_millis > ctx.now_millis + 30 * kDay) {
      throw AwsError("InvalidParameters",
                     "Expiration date cannot be more than 30 days in the future.");
    }
  }
  a.activation_id = ids_.Uuid();
  a.activation_code =
      ids_.Random(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
  store::Transaction tx = nodes_.Begin();
  nodes_.InsertActivation(tx, a);
  tags_.Put(tx, ctx.scope, "Activation", a.activation_id, TagMap(in, "Tags"));
  tx.Commit();
  return json::object{{"ActivationId", a.activation_id}, {"ActivationCode", a.activation_code}};
}

json::value ManagedNodeProvider::DescribeActivations(const RequestContext& ctx,
                                                     const json::object& in) {
  static const std::map<std::string, std::string> kColumns = {
      {"ActivationIds", "activation_id"},
      {"DefaultInstanceName", "default_instance_name"},
      {"IamRole", "iam_role"}};
  std::vector<std::pair<std::string, std::vector<std::string>>> filters;
  if (const json::array* list = OptArray(in, "Filters")) {
    for (const json::value& f : *list) {
      if (!f.is_object()) continue;
      const auto key = OptString(f.get_object(), "FilterKey");
      auto it = key ? kColumns.find(*key) : kColumns.end();
      if (it == kColumns.end()) {
        throw AwsError("InvalidFilter", "The filter key is not valid.");
      }
      std::vector<std::string> values = StringList(f.get_object(), "FilterValues");
      if (values.empty()) {
        throw AwsError("InvalidFilter", "The filter " + *key + " needs at least one value.");
      }
      filters.emplace_back(it->second, std::move(values));
    }
  }
  std::optional<std::pair<int64_t, std::string>> after;
  const std::optional<std::string> cursor =
      services::ReadPageToken(in, "NextToken", "DescribeActivations");
  if (!cursor) throw AwsError("InvalidNextToken", "The specified token isn't valid.");
  if (!cursor->empty()) {
    // "<created millis>:<activation id>", as written below.
    const size_t colon = cursor->find(':');
    after = std::make_pair(std::stoll(cursor->substr(0, colon)), cursor->substr(colon + 1));
  }
  const int64_t limit = OptInt(in, "MaxResults").value_or(kDefaultPageSize);
  store::Transaction tx = nodes_.Read();
  std::vector<ActivationRecord> page =
      nodes_.ListActivations(tx, ctx.scope, filters, after, limit + 1);
  json::object out;
  if (services::TrimPage(page, limit)) {
    out["NextToken"] = services::EncodePageToken(
        "DescribeActivations",
        std::to_string(page.back().created_millis) + ":" + page.back().activation_id);
  }
  json::array list;
  for (const ActivationRecord& a : page) {
    json::array tags = TagListJson(tags_.List(tx, ctx.scope, "Activation", a.activation_id));
    json::object item{{"ActivationId", a.activation_id},
                      {"IamRole", a.iam_role},
                      {"RegistrationLimit", a.registration_limit},
                      {"RegistrationsCount", a.registrations_count},
                      {"ExpirationDate", EpochSeconds(a.expiration_millis)},
                      {"Expired", ctx.now_millis >= a.expiration_millis},
                      {"CreatedDate", EpochSeconds(a.created_millis)},
                      {"Tags", std::move(tags)}};
    if (!a.description.empty()) item["Description"] = a.description;
    if (!a.default_instance_name.empty()) item["DefaultInstanceName"] = a.default_instance_name;
    list.push_back(std::move(item));
  }
  out["ActivationList"] = std::move(list);
  return out;
}

json::value ManagedNodeProvider::DeleteActivation(const RequestContext& ctx,
                                                  const json::object& in) {
  const std::string id = RequiredString(in, "ActivationId");
  store::Transaction tx = nodes_.Begin();
  if (!nodes_.DeleteActivation(tx, ctx.scope, id)) {
    throw AwsError("InvalidActivation", "Activation ID " + id + " doesn't exist.");
  }
  // Nodes registered with the activation stay registered, as in AWS.
  tags_.RemoveAll(tx, ctx.scope, "Activation", id);
  tx.Commit();
  return json::object{};
}

json::value ManagedNodeProvider::RegisterManagedInstance(const RequestContext& ctx,
                                                         const json::object& in) {
  const std::string activation_id = RequiredString(in, "ActivationId");
  const std::string code = RequiredString(in, "ActivationCode");
  store::Transaction tx = nodes_.Begin();
  const std::optional<ActivationRecord> activation =
      nodes_.FindActivationAnywhere(tx, activation_id);
  if (!activation || activation->activation_code != code) {
    throw AwsError("InvalidActivation",
                   "The activation is not valid. The activation might have been deleted, or the "
                   "ActivationId and the ActivationCode do not match.");
  }
  if (ctx.now_millis >= activation->expiration_millis) {
    throw AwsError("ActivationExpired", "Activation " + activation_id + " has expired.");
  }
  if (activation->registrations_count >= activation->registration_limit) {
    throw AwsError("RegistrationLimitExceeded",
                   "Activation " + activation_id + " has reached its registration limit of " +
                       std::to_string(activation->registration_limit) + ".");
  }
  ManagedNodeRecord node;
  node.scope = activation->scope;
  node.instance_id = "mi-" + ids_.Hex(17);
  node.name = activation->default_instance_name;
  node.activation_id = activation_id;
  node.iam_role = OptString(in, "IamRole").value_or(activation->iam_role);
  node.registration_millis = ctx.now_millis;
  // Registering is the node's first contact: it is Online until it stops reporting.
  node.last_ping_millis = ctx.now_millis;
  node.source_id = node.instance_id;
  node.source_type = "AWS::SSM::ManagedInstance";
  node.public_key = OptString(in, "PublicKey").value_or("");
  node.public_key_type = OptString(in, "PublicKeyType").value_or("");
  node.fingerprint = OptString(in, "Fingerprint").value_or("");
  nodes_.PutNode(tx, node);
  nodes_.CountRegistration(tx, activation->scope, activation_id);
  // "Tags assigned to the activation are automatically applied to the on-premises servers or
  // VMs" (CreateActivation, Tags); tags the registration itself names come on top.
  std::map<std::string, std::string> tags =
      tags_.List(tx, activation->scope, "Activation", activation_id);
  for (auto& [key, value] : TagMap(in, "Tags")) tags[key] = std::move(value);
  tags_.Put(tx, node.scope, kManagedInstance, node.instance_id, tags);
  tx.Commit();
  return json::object{{"InstanceId", node.instance_id}};
}

json::value ManagedNodeProvider::UpdateInstanceInformation(const RequestContext& ctx,
                                                           const json::object& in) {
  const std::string id = RequiredString(in, "InstanceId");
  store::Transaction tx = nodes_.Begin();
  // The heartbeat names only the node; its id is unique across accounts and regions.
  std::optional<ManagedNodeRecord> node = nodes_.FindNodeAnywhere(tx, id);
  if (!node) {
    throw AwsError("InvalidInstanceId", "Instance Id " + id + " is not valid.");
  }
  const auto update = [&in](std::string_view member, std::string* field) {
    if (auto v = OptString(in, member)) *field = *v;
  };
  update("AgentName", &node->agent_name);
  update("AgentVersion", &node->agent_version);
  update("AgentStatus", &node->agent_status);
  update("PlatformType", &node->platform_type);
  update("PlatformName", &node->platform_name);
  update("PlatformVersion", &node->platform_version);
  update("ComputerName", &node->computer_name);
  update("IPAddress", &node->ip_address);
  update("SourceId", &node->source_id);
  update("SourceType", &node->source_type);
  if (!node->agent_version.empty()) {
    node->is_latest_version = CompareVersions(node->agent_version, kLatestAgentVersion) >= 0;
  }
  node->last_ping_millis = ctx.now_millis;
  nodes_.PutNode(tx, *node);
  tx.Commit();
  return json::object{};
}

ManagedNodeRecord ManagedNodeProvider::SigningNode(store::Transaction& tx,
                                                  const RequestContext& ctx) {
  const std::string& id = ctx.caller.access_key_id;
  std::optional<ManagedNodeRecord> node;
  if (IsNodeId(id)) node = nodes_.FindNodeAnywhere(tx, id);
  if (!node) {
    throw AwsError("InvalidInstanceId",
                   "The request is not signed by a registered managed instance (" +
                       (id.empty() ? std::string("unsigned") : id) + ").");
  }
  return *node;
}

json::value ManagedNodeProvider::RequestManagedInstanceRoleToken(const RequestContext& ctx,
                                                                 const json::object& in) {
  const std::string fingerprint = RequiredString(in, "Fingerprint");
  store::Transaction tx = nodes_.Read();
  const ManagedNodeRecord node = SigningNode(tx, ctx);
  if (!node.fingerprint.empty() && node.fingerprint != fingerprint) {
    throw AwsError("MachineFingerprintDoesNotMatch",
                   "The machine fingerprint does not match the one registered for " +
                       node.instance_id + ".");
  }
  // Credentials of the node's role, as the agent then signs with. Not stored: they work with
  // --sigv4 off (the default), like any key.
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  return json::object{{"AccessKeyId", "ASIA" + ids_.UpperAlnum(16)},
                      {"SecretAccessKey", ids_.Random(40, kAlphabet)},
                      {"SessionToken", "IQoJb3JpZ2luX2VjE" + ids_.Random(340, kAlphabet)},
                      {"TokenExpirationDate", EpochSeconds(ctx.now_millis + 3600 * 1000)},
                      {"UpdateKeyPair", false}};
}

json::value ManagedNodeProvider::UpdateManagedInstancePublicKey(const RequestContext& ctx,
                                                                const json::object& in) {
  store::Transaction tx = nodes_.Begin();
  ManagedNodeRecord node = SigningNode(tx, ctx);
  node.public_key = RequiredString(in, "NewPublicKey");
  node.public_key_type = RequiredString(in, "NewPublicKeyType");
  nodes_.PutNode(tx, node);
  tx.Commit();
  return json::object{};
}

json::value ManagedNodeProvider::DeregisterManagedInstance(const RequestContext& ctx,
                                                           const json::object& in) {
  const std::string id = RequiredString(in, "InstanceId");
  store::Transaction tx = nodes_.Begin();
  if (!nodes_.DeleteNode(tx, ctx.scope, id)) {
    throw AwsError("InvalidInstanceId", "Instance Id " + id + " is not valid.");
  }
  tags_.RemoveAll(tx, ctx.scope, kManagedInstance, id);
  tx.Commit();
  return json::object{};
}

json::value ManagedNodeProvider::DescribeInstanceInformation(const RequestContext& ctx,
                                                             const json::object& in) {
  const json::array* filters = OptArray(in, "Filters");
  const json::array* legacy = OptArray(in, "InstanceInformationFilterList");
  const bool has_filters = filters && !filters->empty();
  const bool has_legacy = legacy && !legacy->empty();
  if (has_filters && has_legacy) {
    // "Attempting to use InstanceInformationFilterList and Filters leads to an exception error."
    throw core::AwsError("ValidationException",
                         "InstanceInformationFilterList and Filters cannot be used together.");
  }
  // (key, values) pairs from whichever list was given.
  std::vector<std::pair<std::string, std::vector<std::string>>> pairs;
  if (has_filters) {
    for (const json::value& f : *filters) {
      if (!f.is_object()) continue;
      pairs.emplace_back(core::protocol::StringOr(f.get_object(), "Key", ""),
                         StringList(f.get_object(), "Values"));
    }
  } else if (has_legacy) {
    for (const json::value& f : *legacy) {
      if (!f.is_object()) continue;
      pairs.emplace_back(core::protocol::StringOr(f.get_object(), "key", ""),
                         StringList(f.get_object(), "valueSet"));
    }
  }

  using Kind = NodeCondition::Kind;
  const int64_t online_since = ctx.now_millis - ping_timeout_millis_;
  std::vector<NodeCondition> conditions;
  std::vector<std::string> requested_ids;
  for (auto& [key, values] : pairs) {
    NodeCondition c;
    c.kind = Kind::kColumnIn;
    c.values = values;
    if (key == "InstanceIds") {
      for (const std::string& id : values) {
        if (!IsNodeId(id)) {
          throw AwsError("InvalidInstanceId", "Instance Id " + id + " is not valid.");
        }
      }
      requested_ids.insert(requested_ids.end(), values.begin(), values.end());
      c.column = "instance_id";
    } else if (key == "AgentVersion") {
      c.column = "agent_version";
    } else if (key == "PingStatus") {
      RequireValues(key, values, {"Online", "ConnectionLost", "Inactive"});
      const bool online = std::count(values.begin(), values.end(), "Online") > 0;
      const bool lost = std::count(values.begin(), values.end(), "ConnectionLost") > 0;
      if (online && lost) continue;  // every node is one or the other
      c.kind = online ? Kind::kPingAtLeast : lost ? Kind::kPingBefore : Kind::kNever;
      c.millis = online_since;
    } else if (key == "PlatformTypes" || key == "PlatformType") {
      RequireValues(key, values, {"Windows", "Linux", "MacOS"});
      c.column = "platform_type";
    } else if (key == "ActivationIds") {
      c.column = "activation_id";
    } else if (key == "IamRole") {
      c.column = "iam_role";
    } else if (key == "ResourceType") {
      if (values.size() != 1) {
        throw AwsError("InvalidInstanceInformationFilterValue",
                       "ResourceType filter may contain only one value.");
      }
      RequireValues(key, values, {"EC2Instance", "ManagedInstance"});
      c.column = "resource_type";
    } else if (key == "AssociationStatus") {
      RequireValues(key, values, {"Success", "Pending", "Failed"});
      c.column = "association_status";
    } else if (key == "SourceIds" && has_filters) {
      c.column = "source_id";
    } else if (key == "SourceTypes" && has_filters) {
      RequireValues(key, values,
                    {"AWS::EC2::Instance", "AWS::SSM::ManagedInstance", "AWS::IoT::Thing",
                     "Microsoft.Compute/virtualMachines"});
      c.column = "source_type";
    } else if (key == "tag-key" && has_filters) {
      c.kind = Kind::kTagKeyIn;
    } else if (key.rfind("tag:", 0) == 0 && key.size() > 4 && has_filters) {
      c.kind = Kind::kTagValue;
      c.key = key.substr(4);
    } else {
      throw AwsError("InvalidFilterKey", "The filter key " + key + " is not valid.");
    }
    if (values.empty()) {
      throw AwsError("InvalidInstanceInformationFilterValue",
                     "The filter " + key + " needs at least one value.");
    }
    conditions.push_back(std::move(c));
  }

  std::optional<std::string> after =
      services::ReadPageToken(in, "NextToken", "DescribeInstanceInformation");
  if (!after) throw AwsError("InvalidNextToken", "The specified token isn't valid.");
  const int64_t limit = OptInt(in, "MaxResults").value_or(kDefaultPageSize);

  store::Transaction tx = nodes_.Read();
  if (!requested_ids.empty()) {
    // "If you specify a node ID that isn't valid or a node that you don't own, you receive an
    // error."
    std::sort(requested_ids.begin(), requested_ids.end());
    requested_ids.erase(std::unique(requested_ids.begin(), requested_ids.end()),
                        requested_ids.end());
    std::vector<std::string> found = nodes_.ExistingNodes(tx, ctx.scope, requested_ids);
    std::sort(found.begin(), found.end());
    for (const std::string& id : requested_ids) {
      if (!std::binary_search(found.begin(), found.end(), id)) {
        throw AwsError("InvalidInstanceId", "Instance Id " + id + " is not valid.");
      }
    }
  }
  std::vector<ManagedNodeRecord> page =
      nodes_.QueryNodes(tx, ctx.scope, conditions, *after, limit + 1);
  const bool more = services::TrimPage(page, limit);
  // The answer lives in one arena: a page of 50 nodes is some 800 values, and allocating and
  // freeing them one by one cost more than building them.
  const json::storage_ptr arena = json::make_shared_resource<json::monotonic_resource>();
  json::array list(arena);
  list.reserve(page.size());
  for (const ManagedNodeRecord& node : page) {
    list.push_back(ToInstanceInformation(node, ctx.now_millis, arena));
  }
  json::object out(arena);
  out.emplace("InstanceInformationList", std::move(list));
  if (more) {
    out.emplace("NextToken",
                services::EncodePageToken("DescribeInstanceInformation", page.back().instance_id));
  }
  return out;
}

json::object ManagedNodeProvider::ToInstanceInformation(const ManagedNodeRecord& n,
                                                        int64_t now_millis,
                                                        const json::storage_ptr& storage) const {
  // In the shape's order (the encoder then pairs members without lookups). Members are unique,
  // so emplace; reserving avoids rehashing while the object grows.
  json::object o(storage);
  o.reserve(21);
  const auto set = [&o](std::string_view member, const std::string& value) {
    if (!value.empty()) o.emplace(member, value);
  };
  o.emplace("InstanceId", n.instance_id);
  o.emplace("PingStatus",
            n.last_ping_millis >= now_millis - ping_timeout_millis_ ? "Online" : "ConnectionLost");
  o.emplace("LastPingDateTime", EpochSeconds(n.last_ping_millis));
  set("AgentVersion", n.agent_version);
  if (n.is_latest_version) o.emplace("IsLatestVersion", *n.is_latest_version);
  set("PlatformType", n.platform_type);
  set("PlatformName", n.platform_name);
  set("PlatformVersion", n.platform_version);
  set("ActivationId", n.activation_id);
  set("IamRole", n.iam_role);
  if (n.registration_millis) o.emplace("RegistrationDate", EpochSeconds(*n.registration_millis));
  o.emplace("ResourceType", n.resource_type);
  set("Name", n.name);
  set("IPAddress", n.ip_address);
  set("ComputerName", n.computer_name);
  set("AssociationStatus", n.association_status);
  if (n.last_association_execution_millis) {
    o.emplace("LastAssociationExecutionDate", EpochSeconds(*n.last_association_execution_millis));
  }
  if (n.last_successful_association_execution_millis) {
    o.emplace("LastSuccessfulAssociationExecutionDate",
              EpochSeconds(*n.last_successful_association_execution_millis));
  }
  if (!n.association_overview_json.empty()) {
    boost::system::error_code ec;
    json::value overview = json::parse(n.association_overview_json, ec, storage);
    if (!ec && overview.is_object()) o.emplace("AssociationOverview", std::move(overview));
  }
  set("SourceId", n.source_id);
  set("SourceType", n.source_type);
  return o;
}

core::HttpResponse ManagedNodeProvider::LoadFleet(const core::HttpRequest& request) {
  core::HttpResponse response;
  response.SetHeader("Content-Type", "application/json");
  const auto fail = [&response](int status, const std::string& message) {
    response.status = status;
    response.body = json::serialize(json::object{{"error", message}});
    return response;
  };
  if (request.method != "POST") return fail(405, "method not allowed");
  boost::system::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return fail(400, "the body must be a JSON object");
  const json::object& in = body.get_object();
  const json::array* instances = OptArray(in, "Instances");
  if (!instances) return fail(400, "Instances (a list) is required");
  const core::Scope scope{.account = OptString(in, "Account").value_or(default_account_),
                          .region = OptString(in, "Region").value_or(default_region_)};
  const int64_t now = clock_.NowMillis();
  const auto timestamp = [](const json::object& item, std::string_view member,
                            std::optional<int64_t>* out) {
    const json::value* v = item.if_contains(member);
    if (!v || v->is_null()) return true;
    double seconds = 0;
    if (v->is_number()) {
      seconds = v->to_number<double>();
    } else if (!v->is_string() || !core::ParseTimestamp(v->get_string(), &seconds)) {
      return false;
    }
    *out = core::EpochMillis(seconds);
    return true;
  };
  std::vector<std::pair<ManagedNodeRecord, std::map<std::string, std::string>>> nodes;
  for (size_t i = 0; i < instances->size(); ++i) {
    const std::string where = "Instances[" + std::to_string(i) + "]";
    if (!(*instances)[i].is_object()) return fail(400, where + " must be an object");
    const json::object& item = (*instances)[i].get_object();
    ManagedNodeRecord n;
    n.scope = scope;
    n.resource_type = OptString(item, "ResourceType").value_or(std::string(kManagedInstance));
    if (n.resource_type != "ManagedInstance" && n.resource_type != "EC2Instance") {
      return fail(400, where + ".ResourceType must be ManagedInstance or EC2Instance");
    }
    const bool managed = n.resource_type == "ManagedInstance";
    n.instance_id = OptString(item, "InstanceId")
                        .value_or(managed ? "mi-" + ids_.Hex(17) : "i-" + ids_.Hex(17));
    if (!IsNodeId(n.instance_id) || (n.instance_id[0] == 'm') != managed) {
      return fail(400,
                  where + ".InstanceId " + n.instance_id + " is not a " + n.resource_type + " id");
    }
    n.name = OptString(item, "Name").value_or("");
    n.activation_id = OptString(item, "ActivationId").value_or("");
    n.iam_role = OptString(item, "IamRole").value_or("");
    n.agent_name = OptString(item, "AgentName").value_or("amazon-ssm-agent");
    n.agent_version = OptString(item, "AgentVersion").value_or("");
    n.agent_status = "Active";
    if (auto latest = core::protocol::OptBool(item, "IsLatestVersion"))
      n.is_latest_version = latest;
    n.platform_type = OptString(item, "PlatformType").value_or("");
    if (!n.platform_type.empty() && n.platform_type != "Windows" && n.platform_type != "Linux" &&
        n.platform_type != "MacOS") {
      return fail(400, where + ".PlatformType must be Windows, Linux or MacOS");
    }
    n.platform_name = OptString(item, "PlatformName").value_or("");
    n.platform_version = OptString(item, "PlatformVersion").value_or("");
    n.computer_name = OptString(item, "ComputerName").value_or("");
    n.ip_address = OptString(item, "IPAddress").value_or("");
    n.source_id = OptString(item, "SourceId").value_or(n.instance_id);
    n.source_type = OptString(item, "SourceType")
                        .value_or(managed ? "AWS::SSM::ManagedInstance" : "AWS::EC2::Instance");
    n.association_status = OptString(item, "AssociationStatus").value_or("");
    if (const json::object* overview = core::protocol::OptObject(item, "AssociationOverview")) {
      n.association_overview_json = json::serialize(*overview);
    }
    std::optional<int64_t> last_ping;
    if (!timestamp(item, "RegistrationDate", &n.registration_millis) ||
        !timestamp(item, "LastPingDateTime", &last_ping) ||
        !timestamp(item, "LastAssociationExecutionDate", &n.last_association_execution_millis) ||
        !timestamp(item, "LastSuccessfulAssociationExecutionDate",
                   &n.last_successful_association_execution_millis)) {
      return fail(400, where + " has a timestamp that is neither epoch seconds nor ISO 8601");
    }
    if (managed && !n.registration_millis) n.registration_millis = now;
    const std::string ping = OptString(item, "PingStatus").value_or("Online");
    if (ping != "Online" && ping != "ConnectionLost") {
      return fail(400, where + ".PingStatus must be Online or ConnectionLost");
    }
    // PingStatus is derived from the last heartbeat: a lost node last reported before the
    // timeout, unless LastPingDateTime says when.
    n.last_ping_millis =
        last_ping.value_or(ping == "Online" ? now : now - ping_timeout_millis_ - 1);
    nodes.emplace_back(std::move(n), TagMap(item, "Tags"));
  }
  json::array ids;
  store::Transaction tx = nodes_.Begin();
  for (const auto& [node, tags] : nodes) {
    nodes_.PutNode(tx, node);
    tags_.RemoveAll(tx, scope, kManagedInstance, node.instance_id);
    tags_.Put(tx, scope, kManagedInstance, node.instance_id, tags);
    ids.push_back(json::string(node.instance_id));
  }
  tx.Commit();
  response.body = json::serialize(json::object{{"InstanceIds", std::move(ids)}});
  return response;
}

}  // namespace nimbus::ssm
