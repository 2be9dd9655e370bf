#include "cloudformation/schema/simulated_resource.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include <boost/json/serialize.hpp>

#include "cloudformation/schema/generated_values.h"
#include "cloudformation/schema/property_validation.h"
#include "core/ids.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

// The namespaces of the services nimbus emulates: a type of theirs without a native handler
// is simulated too, for now, and says so in its own words.
constexpr std::array<std::string_view, 7> kEmulatedServices = {
    "CloudFormation", "IdentityStore", "KMS", "Organizations", "S3", "SSM", "SSO"};

// Types that run the template author's code (a Lambda function): a simulation would be a fake
// success.
constexpr std::array<std::string_view, 2> kNeverSimulated = {"AWS::CloudFormation::CustomResource",
                                                             "AWS::CloudFormation::Macro"};

std::string_view ServiceOf(std::string_view type) {
  const size_t first = type.find("::");
  if (first == std::string_view::npos) return type;
  const size_t second = type.find("::", first + 2);
  return type.substr(first + 2, second == std::string_view::npos ? second : second - first - 2);
}

// A scalar as CloudFormation passes it on; other values as JSON.
std::string Text(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  return json::serialize(value);
}

std::vector<std::string_view> SplitParts(std::string_view text) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t bar = text.find('|', start);
    parts.push_back(text.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) return parts;
    start = bar + 1;
  }
}

// The value at `path` ("Endpoint.Address") in the properties, if given.
const json::value* Given(const json::object& props, std::string_view path) {
  const json::object* at = &props;
  for (;;) {
    const size_t dot = path.find('.');
    const json::value* value = at->if_contains(path.substr(0, dot));
    if (!value || dot == std::string_view::npos) return value;
    at = value->if_object();
    if (!at) return nullptr;
    path = path.substr(dot + 1);
  }
}

// The resource's own name or id in its physical id: the first part, and of an ARN or a URL
// what follows its last '/' or ':'.
std::string_view OwnName(std::string_view physical_id) {
  std::string_view own = SplitParts(physical_id).front();
  if (core::StartsWith(own, "arn:") || core::StartsWith(own, "http")) {
    const size_t cut = own.find_last_of(core::StartsWith(own, "arn:") ? "/:" : "/");
    own = own.substr(cut + 1);
  }
  return own;
}

class SimulatedResource final : public Resource {
 public:
  explicit SimulatedResource(const ResourceSchema& schema)
      : schema_(schema), validator_(schema), reason_(SimulatedReason(schema.type_name)) {}

  std::string_view Type() const override { return schema_.type_name; }

  void Validate(const json::object& props) const override {
    const std::vector<std::string> problems = validator_.Problems(props);
    if (!problems.empty()) ThrowPropertyValidation(problems);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    std::string own;
    const std::string name_property = internal::NameProperty(schema_);
    if (!name_property.empty()) {
      const json::value* name = req.props.if_contains(name_property);
      own = name ? Text(*name) : Text(internal::GenerateValue(schema_, req, name_property, ""));
    }
    std::string physical_id;
    for (const std::string& property : RefProperties()) {
      const json::value* given = Given(req.props, property);
      const std::string part =
          given ? Text(*given)
                : Text(internal::GenerateValue(schema_, req, property, own, schema_.ref.returns));
      physical_id += (physical_id.empty() ? "" : "|") + part;
    }
    // A type without identifiers (AWS::CDK::Metadata) still needs a physical id.
    if (physical_id.empty()) physical_id = req.ids.Uuid();
    return {.physical_id = std::move(physical_id), .ready = true, .reason = reason_};
  }

  // The deployer keeps the new properties; the identifiers stay.
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)req;
    (void)previous;
    return {.physical_id = std::string(physical_id), .ready = true, .reason = reason_};
  }

  // Nothing exists outside the stack: its record goes with the stack's.
  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    (void)req;
    (void)physical_id;
  }

  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    const std::vector<std::string>& ref = RefProperties();
    const auto in_ref = std::find(ref.begin(), ref.end(), name);
    if (!schema_.HasAttribute(name)) return std::nullopt;  // as AWS: a property is no attribute
    const std::vector<std::string_view> parts = SplitParts(physical_id);
    if (in_ref != ref.end() && parts.size() == ref.size()) {
      return json::string(parts[static_cast<size_t>(in_ref - ref.begin())]);
    }
    if (const json::value* given = Given(req.props, name)) return *given;
    // The same seed, the same value: an attribute stays what it was first read as.
    core::IdGenerator seeded(internal::StableHash(
        schema_.type_name + "\n" + std::string(physical_id) + "\n" + std::string(name)));
    const ResourceRequest stable{.ctx = req.ctx,
                                 .services = req.services,
                                 .ids = seeded,
                                 .stack_name = req.stack_name,
                                 .stack_id = req.stack_id,
                                 .logical_id = req.logical_id,
                                 .props = req.props,
                                 .stack_tags = req.stack_tags};
    return internal::GenerateValue(schema_, stable, name, OwnName(physical_id));
  }

  std::vector<std::string> Identifiers() const override { return schema_.primary_identifier; }

 private:
  // What Ref returns, and so the physical id: the page's properties, else the primaryIdentifier.
  const std::vector<std::string>& RefProperties() const {
    return schema_.ref.properties.empty() ? schema_.primary_identifier : schema_.ref.properties;
  }

  const ResourceSchema& schema_;
  PropertyValidator validator_;
  std::string reason_;
};

}  // namespace

std::string SimulatedReason(std::string_view type) {
  const std::string_view service = ServiceOf(type);
  const bool emulated = std::find(kEmulatedServices.begin(), kEmulatedServices.end(), service) !=
                        kEmulatedServices.end();
  if (emulated) {
    return "Simulated by nimbus: nimbus emulates " + std::string(service) + " but not " +
           std::string(type) + " yet; the resource exists only in this stack";
  }
  return "Simulated by nimbus: nimbus does not emulate the " + std::string(service) +
         " service; the resource exists only in this stack";
}

SimulatedResources::SimulatedResources(const SchemaRegistry& schemas) : schemas_(schemas) {}

SimulatedResources::~SimulatedResources() = default;

Resource* SimulatedResources::Find(std::string_view type) const {
  if (std::find(kNeverSimulated.begin(), kNeverSimulated.end(), type) != kNeverSimulated.end()) {
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = handlers_.find(type);
  if (it != handlers_.end()) return it->second.get();
  const ResourceSchema* schema = schemas_.Find(type);
  if (!schema) return nullptr;
  auto handler = std::make_unique<SimulatedResource>(*schema);
  return handlers_.emplace(std::string(type), std::move(handler)).first->second.get();
}

bool SimulatedResources::Owns(const Resource* handler) const {
  if (!handler) return false;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = handlers_.find(handler->Type());
  return it != handlers_.end() && it->second.get() == handler;
}

}  // namespace nimbus::cloudformation
