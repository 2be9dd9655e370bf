#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "cloudformation/resources/resource.h"
#include "cloudformation/schema/schema_registry.h"

// The identifiers and attributes of a simulated resource, shaped as AWS shapes them for the type:
// a VPC id is `vpc-` and 17 hex digits, an ARN names the type's service, the stack's partition,
// region and account, a name is CloudFormation's generated name; a value the schema gives a
// pattern for is made to match it where nimbus can.
namespace nimbus::cloudformation::internal {

// The property that names a resource of the type: "<Resource>Name" ("BucketName", "TopicName")
// or "Name", when the schema has one; "" otherwise.
std::string NameProperty(const ResourceSchema& schema);

// A value for the property or attribute `path` ("VpcId", "Arn", "Endpoint.Address") of a
// resource that does not give it. `own` is the resource's own name or id, which its ARN, URL or
// domain name embeds ("" when it has none yet: one is generated). Randomness comes from req.ids,
// so a generator seeded with StableHash() makes the same value each time. `returns`, for what
// Ref returns, is the page's word for it (RefInfo::returns: "arn", "id", ...).
boost::json::value GenerateValue(const ResourceSchema& schema, const ResourceRequest& req,
                                 std::string_view path, std::string_view own,
                                 std::string_view returns = "");

// FNV-1a: the same on every run and machine, for seeding.
uint64_t StableHash(std::string_view text);

}  // namespace nimbus::cloudformation::internal
