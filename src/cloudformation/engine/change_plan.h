#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/schema/schema_registry.h"

namespace nimbus::cloudformation {

// What an update does to one resource, decided from its old and new properties and its type's
// schema: the one comparison UpdateStack's deployer acts on and a change set describes.

// The value CloudFormation shows where a value is only known once a resource it references has
// been created or changed (Ref or Fn::GetAtt of a resource the update adds or replaces).
inline constexpr std::string_view kKnownAfterApply = "{{changeSet:KNOWN_AFTER_APPLY}}";

// Whether `value` holds kKnownAfterApply anywhere (in a string, at any depth).
bool HasKnownAfterApply(const boost::json::value& value);

// One top-level property whose value differs.
struct PropertyChange {
  std::string name;
  // Never, Conditionally or Always: whether changing it recreates the resource (the schema's
  // createOnlyProperties are Always, conditionalCreateOnlyProperties Conditionally).
  std::string requires_recreation;
  bool dynamic = false;  // the new value holds kKnownAfterApply
};

// How an update changes a resource's properties.
struct PropertyDiff {
  std::vector<PropertyChange> changes;  // by property name
  // True, Conditional or False: True when a property that is Always recreated changes to a known
  // value; Conditional when it changes only to a value known after the apply, or when a
  // Conditionally one changes.
  std::string replacement = "False";
  bool Replaces() const { return replacement == "True"; }
};

// Compares `previous` and `next`, the resolved Properties of a resource whose type has `schema`
// (null: the type has none, and every change is made in place). A createOnly property nested in
// a changed one (VpcConfig.SubnetIds under VpcConfig) counts as changed: nested values are not
// compared.
PropertyDiff DiffProperties(const ResourceSchema* schema, const boost::json::object& previous,
                            const boost::json::object& next);

// A resource as a change set compares it: before the update (from the stack) or after (from the
// new template).
struct ResourceSide {
  std::string logical_id;
  std::string type;
  std::string physical_id;         // "" for a resource of the new template
  boost::json::object properties;  // resolved; may hold kKnownAfterApply after the update
  // The resource's definition in its template (Properties, Metadata, DeletionPolicy, ...), as
  // written: it tells a direct modification from a change that comes through a reference.
  boost::json::object definition;
};

// The Change of the API (Type Resource, ResourceChange) for a resource that the update adds,
// modifies or replaces (both sides given), or removes (only `before`). `properties` is the diff
// of the two sides' properties; the result holds every member with property values
// (BeforeContext, AfterContext, Target's BeforeValue and AfterValue), which
// WithoutPropertyValues() strips. Returns {} when nothing changes.
boost::json::object ChangeOf(const ResourceSide* before, const ResourceSide* after,
                             const PropertyDiff& properties);

// `change` without what only DescribeChangeSet's IncludePropertyValues shows.
boost::json::object WithoutPropertyValues(boost::json::object change);

}  // namespace nimbus::cloudformation
