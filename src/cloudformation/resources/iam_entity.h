#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/resources/resource.h"

// What the native AWS::IAM::Role, ::User and ::Group handlers share: their inline Policies and
// ManagedPolicyArns brought to what the template says, the policies removed before the entity is
// deleted (IAM refuses to delete an entity that still has them), and policy documents given as
// an object or as a string holding one. Every call goes to IAM through ServiceClient.
namespace nimbus::cloudformation::internal {

// One IAM entity kind: "Role", "User" or "Group", as IAM's operation names spell it
// (PutRolePolicy, AttachUserPolicy, ...).
struct IamEntity {
  std::string_view kind;
  std::string name;

  // {"RoleName": name}: the member that names the entity in IAM's calls.
  boost::json::object Target() const;
};

// A policy document as IAM takes it: a string as given, an object as its JSON text.
std::string PolicyText(const boost::json::value& document);

// The strings of a list property (Roles, Users, ManagedPolicyArns); empty when absent.
std::vector<std::string> StringList(const boost::json::object& props, std::string_view name);

// Puts every policy of `props`' Policies ([{PolicyName, PolicyDocument}]) on the entity and
// deletes those `previous` had that are gone, so an AWS::IAM::Policy on the same entity is left
// alone.
void ApplyInlinePolicies(const ResourceRequest& req, const IamEntity& entity,
                         const boost::json::object& previous);

// Attaches the ARNs of `props`' ManagedPolicyArns that `previous` did not list and detaches those
// `previous` listed that are gone.
void ApplyManagedPolicies(const ResourceRequest& req, const IamEntity& entity,
                          const boost::json::object& previous);

// A just-created entity's Policies and ManagedPolicyArns, after `more` (a user's login profile
// and groups) when given. When one of them fails, `undo` (the handler's Delete) removes the
// entity, so that none is left behind that the stack does not know of, and the error is
// rethrown.
void ApplyNewEntityPolicies(const ResourceRequest& req, const IamEntity& entity,
                            const std::function<void()>& undo,
                            const std::function<void()>& more = nullptr);
// Deletes every inline policy of the entity and detaches every managed policy, as CloudFormation
// does before it deletes a role, user or group. Does nothing when the entity is gone.
void RemovePolicies(const ResourceRequest& req, const IamEntity& entity);

// Makes the entity's tags (a Role or User) exactly `tags`: removes the others, then tags.
void ReplaceIamTags(const ResourceRequest& req, const IamEntity& entity,
                    const boost::json::array& tags);

// A name CloudFormation generates for an IAM entity: <stack>-<logical>-<random>, within IAM's
// limit of the kind (64 for roles and users, 128 for groups, instance profiles and policies).
std::string GeneratedIamName(const ResourceRequest& req, std::string_view name_property,
                             size_t max_length);

// Fn::GetAtt `name` from `Get<kind>`'s answer {<kind>: {...}}, when it is one of `attributes`.
std::optional<boost::json::value> IamAttribute(const ResourceRequest& req, const IamEntity& entity,
                                               std::string_view name,
                                               std::initializer_list<std::string_view> attributes);

}  // namespace nimbus::cloudformation::internal
