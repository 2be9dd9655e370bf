#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/ids.h"
#include "core/request_context.h"
#include "core/service_client.h"

// The interface between the deployer and one resource type. The deployer knows no type: it asks
// a Resource to validate, create, update and delete, and for what Ref and Fn::GetAtt return.
// A native Resource calls its service through core::ServiceClient, as the stack's caller and in
// the stack's region, exactly as a client would: the object is visible through the service's own
// API, and the service's errors are the resource's failures.
namespace nimbus::cloudformation {

// What a handler is given for one operation on one resource.
struct ResourceRequest {
  // The stack's caller in the stack's region, marked as called via CloudFormation.
  const core::RequestContext& ctx;
  const core::ServiceClient& services;
  core::IdGenerator& ids;
  std::string_view stack_name;
  std::string_view stack_id;
  std::string_view logical_id;
  const boost::json::object& props;      // the resolved properties
  const boost::json::array& stack_tags;  // the stack's Tags, [{Key, Value}]
  // On Create: the resource has a CreationPolicy whose signals the deployer waits for once
  // Create is done (a WaitCondition in its CreationPolicy form needs no Handle then).
  bool awaits_signals = false;

  // A physical name for a resource whose template gives none, as CloudFormation makes them:
  // <stack name>-<logical id>-<13 random upper-case letters and digits>
  // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html).
  // When that is longer than `max_length`, the type's limit, the stack name is shortened first
  // and the logical id only when it would take more than half of what is left (nimbus's rule,
  // modelled on names AWS generated; AWS does not document its own).
  std::string GeneratedName(size_t max_length = 255) const;
  // The tags CloudFormation gives a taggable resource: the stack's, then aws:cloudformation:
  // stack-name, stack-id and logical-id.
  boost::json::array Tags() const;
};

// What Create or Update made.
struct ResourceResult {
  std::string physical_id;
  // False when the service completes the resource asynchronously (an SSO instance): the deployer
  // then polls Ready() until it is.
  bool ready = true;
  // The reason of the resource's CREATE_COMPLETE event: "" as AWS writes it, or what a simulated
  // resource says about itself.
  std::string reason = {};
  // Fn::GetAtt values the service answers only at creation (an access key's SecretAccessKey):
  // the deployer keeps them as attributes already read, so Attribute() is not asked for them.
  boost::json::object attributes = {};
  // On Update: the attributes read before stay true (an access key whose Status changed keeps
  // its secret); otherwise they are read again from the service when referenced.
  bool keeps_attributes = false;
};

// What drift detection reads back of a resource (Resource::ReadLive).
struct LiveProperties {
  enum class State {
    kUnsupported,  // the handler cannot read the resource back: NOT_CHECKED
    kFound,
    kDeleted,  // the service answers that it does not exist: DELETED
  };
  State state = State::kUnsupported;
  // kFound: the properties the service answers, in the template's shapes (the type's property
  // names, policy documents as objects, Tags without the `aws:` ones), every property the
  // handler reads back that has a value.
  boost::json::object props = {};
  // The properties the handler reads back: a template property not named here is not compared;
  // one named here and absent from `props` has been removed.
  std::vector<std::string> read = {};
};

// One resource type. Failures are core::AwsError: a service's error as the service threw it, or
// a property validation failure ("Property validation failure: [...]"); the message becomes the
// resource's status reason.
class Resource {
 public:
  virtual ~Resource() = default;
  // "AWS::SSM::Parameter".
  virtual std::string_view Type() const = 0;

  // Checks the resolved properties before anything is created, as the type's schema does.
  virtual void Validate(const boost::json::object& props) const { (void)props; }
  virtual ResourceResult Create(const ResourceRequest& req) = 0;
  // Changes the resource in place to req.props (previous: the properties it was created with).
  virtual ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                                const boost::json::object& previous) = 0;
  // Deletes it. A resource that no longer exists counts as deleted, as CloudFormation counts it.
  virtual void Delete(const ResourceRequest& req, std::string_view physical_id) = 0;
  // For a resource Create or Update left not ready: whether it is now.
  virtual bool Ready(const ResourceRequest& req, std::string_view physical_id) {
    (void)req;
    (void)physical_id;
    return true;
  }
  // For a resource Ready() has just reported ready: its physical id from then on. A service that
  // names the object only at the end (an Organizations account: Create has only the request's
  // id) gives it here; the default keeps the id Create returned.
  virtual std::string ReadyPhysicalId(const ResourceRequest& req, std::string_view physical_id) {
    (void)req;
    return std::string(physical_id);
  }
  // After Delete: whether the resource is gone. A service that deletes asynchronously (an SSO
  // account assignment, an SSO instance) says no until it is; the deployer polls, and deletes
  // nothing the resource depends on before then.
  virtual bool Gone(const ResourceRequest& req, std::string_view physical_id) {
    (void)req;
    (void)physical_id;
    return true;
  }
  // For a resource Ready() found not ready: how long until it is worth asking again, in
  // milliseconds; nullopt: at the deployer's usual polling pace. A resource that an outside event
  // completes (a wait condition's signal, which wakes the deployer) answers its deadline.
  virtual std::optional<int64_t> NextPollMillis(const ResourceRequest& req,
                                                std::string_view physical_id) {
    (void)req;
    (void)physical_id;
    return std::nullopt;
  }

  // Whether an update of the stack updates this resource even when its resolved properties are
  // unchanged: a nested stack, whose template at the same TemplateURL may have changed (AWS
  // updates every nested stack of a stack it updates, aws-properties-stack.md).
  virtual bool UpdatedWhenUnchanged() const { return false; }

  // What Ref returns: the physical id, unless the type's reference page says otherwise.
  virtual boost::json::value Ref(std::string_view physical_id) const {
    return boost::json::string(physical_id);
  }
  // Fn::GetAtt `name`, read from the service; nullopt when the type has no such attribute (the
  // default: a type whose page lists none).
  virtual std::optional<boost::json::value> Attribute(const ResourceRequest& req,
                                                      std::string_view physical_id,
                                                      std::string_view name) {
    (void)req;
    (void)physical_id;
    (void)name;
    return std::nullopt;
  }
  // Drift detection: the resource as its service describes it now (req.props: the properties
  // the stack gave it, so a handler may read only what they set). Default: kUnsupported, for a
  // type whose handler cannot read it back (NOT_CHECKED). Throws core::AwsError for a failure
  // other than the resource being gone.
  virtual LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) {
    (void)req;
    (void)physical_id;
    return {};
  }
  // The names of the properties that identify a resource of this type (its schema's
  // primaryIdentifier), for GetTemplateSummary.
  virtual std::vector<std::string> Identifiers() const { return {}; }
  // The DeletionPolicy of a resource whose template gives none: Delete, unless the type's page
  // or aws-attribute-deletionpolicy.md in the user guide says otherwise (an Organizations
  // account is retained; `props` for types whose default depends on them).
  virtual std::string_view DefaultDeletionPolicy(const boost::json::object& props) const {
    (void)props;
    return "Delete";
  }
};

// The reason of a failed property validation, as AWS words it:
// "Property validation failure: [The property {/Type} is required]". Throws core::AwsError.
[[noreturn]] void ThrowPropertyValidation(const std::vector<std::string>& problems);

}  // namespace nimbus::cloudformation
