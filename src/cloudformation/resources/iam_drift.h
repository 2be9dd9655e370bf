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

#include "cloudformation/resources/iam_entity.h"
#include "cloudformation/resources/resource.h"

// What the IAM handlers read back for drift detection (Resource::ReadLive): the entity as
// Get<Kind> answers it, its inline policies and its managed policies, in the template's shapes.
namespace nimbus::cloudformation::internal {

// A policy document as IAM answers it (URL-encoded JSON) as the JSON it holds; the decoded text
// when it is not JSON.
boost::json::value DecodedPolicy(std::string_view encoded);

// Get<Kind>'s {<Kind>: {...}} member, or nullopt when IAM answers NoSuchEntity.
std::optional<boost::json::object> GetIamEntity(const ResourceRequest& req,
                                                const IamEntity& entity);

// The entity's inline policies that the template's Policies name, [{PolicyName,
// PolicyDocument}] in the template's order; one IAM no longer has is left out. Policies of the
// same entity made by AWS::IAM::Policy resources are not the entity's properties, so they are
// not listed.
boost::json::array LiveInlinePolicies(const ResourceRequest& req, const IamEntity& entity);

// The ARNs of the managed policies attached to the entity.
boost::json::array LiveManagedPolicyArns(const ResourceRequest& req, const IamEntity& entity);

// Drift of a Role, User or Group (Resource::ReadLive): kDeleted when IAM does not have it;
// else `read_entity` fills the properties from Get<Kind>'s answer, and the inline Policies and
// the ManagedPolicyArns are read after it. `read` is what the handler reads back.
LiveProperties LiveIamEntity(const ResourceRequest& req, const IamEntity& entity,
                             std::vector<std::string> read,
                             const std::function<void(const boost::json::object& got,
                                                      boost::json::object* props)>& read_entity);
// Copies those of `members` that `got` has into `props`.
void CopyMembers(const boost::json::object& got, std::initializer_list<std::string_view> members,
                 boost::json::object* props);
// A Role's or User's PermissionsBoundary (its ARN) and Tags ([] when it has none) from `got`.
void PutBoundaryAndTags(const boost::json::object& got, boost::json::object* props);

}  // namespace nimbus::cloudformation::internal
