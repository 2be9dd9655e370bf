#pragma once

#include <optional>
#include <string_view>

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

}  // namespace nimbus::cloudformation::internal
