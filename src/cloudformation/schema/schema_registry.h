#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace nimbus::cloudformation {

// A property path from a schema's JSON pointer: "/properties/VpcConfig/SubnetIds" is
// "VpcConfig.SubnetIds", "/properties/Tags/*/Key" is "Tags.*.Key" (every item of a list), the
// form Fn::GetAtt uses for nested attributes ("Endpoint.Address"). No property name in the
// schemas has a '.', a '/' or a '~'.
std::string PropertyPathOf(std::string_view json_pointer);

// How a type is tagged (the schema's "tagging"; older schemas say only "taggable").
struct Tagging {
  bool taggable = false;
  bool tag_on_create = false;
  bool tag_updatable = false;
  bool cloudformation_system_tags = false;  // the aws:cloudformation:* tags are applied
  std::string tag_property;                 // "Tags", or "" if the type has no tag property
};

// What Ref returns for a type: the value of `properties`, joined with '|' when several.
struct RefInfo {
  enum class Source {
    kPage,               // the type's page in the user guide names these properties
    kPrimaryIdentifier,  // no page, or the page names none: the primaryIdentifier
  };
  std::vector<std::string> properties;
  // What the page says Ref returns, for shaping a generated value: "arn", "name", "id", "url",
  // "ip", "property", "composite", "physical-id", "unclear", "absent" (no Ref paragraph), or ""
  // (no page). models/cloudformation-schemas/README.md.
  std::string returns;
  Source source = Source::kPrimaryIdentifier;
};

// A CloudFormation resource provider schema, parsed: what a generic handler needs to validate,
// create, update and read a resource of the type. Paths are PropertyPathOf() forms.
struct ResourceSchema {
  std::string type_name;
  // The whole schema (models/cloudformation-schemas/resources/), for validating properties:
  // "properties", "definitions", "required", "oneOf", "additionalProperties", ...
  boost::json::object document;
  std::vector<std::string> required;  // top-level property names
  std::vector<std::string> read_only_properties;
  std::vector<std::string> create_only_properties;
  std::vector<std::string> conditional_create_only_properties;
  std::vector<std::string> write_only_properties;
  std::vector<std::string> deprecated_properties;
  std::vector<std::string> primary_identifier;
  std::vector<std::vector<std::string>> additional_identifiers;
  Tagging tagging;
  RefInfo ref;
  // What Fn::GetAtt accepts: the page's attributes, then the schema's readOnlyProperties not
  // among them (those inside lists, "Tags.*.Key", are not attributes).
  std::vector<std::string> get_att;

  // The schema's "properties" and "definitions" (empty if it has none).
  const boost::json::object& properties() const;
  const boost::json::object& definitions() const;
  bool IsReadOnly(std::string_view path) const;
  bool IsCreateOnly(std::string_view path) const;
  bool HasAttribute(std::string_view name) const;
};

// Parses one schema (the JSON text of models/cloudformation-schemas/resources/<Type>.json) and,
// if the type has a row in return-values.tsv, that row ("" if none). Throws std::logic_error if
// the text is not a schema: the files are the build's, never a client's.
ResourceSchema ParseResourceSchema(std::string_view schema_json,
                                   std::string_view return_values_row);

// Every resource type with a schema embedded in the binary. Constructing one costs nothing:
// nothing is allocated, decompressed or parsed until a type is asked for; then only that type's
// chunk is decompressed, only that type is parsed, and the result is kept. Thread-safe.
class SchemaRegistry {
 public:
  SchemaRegistry();
  SchemaRegistry(const SchemaRegistry&) = delete;
  SchemaRegistry& operator=(const SchemaRegistry&) = delete;
  ~SchemaRegistry();

  bool Has(std::string_view type) const;
  // The parsed schema, or null for a type without one ("AWS::Nimbus::Nothing", "Custom::X").
  const ResourceSchema* Find(std::string_view type) const;
  // Every type, sorted ("AWS::ACMPCA::Certificate", ...).
  std::vector<std::string_view> Types() const;
  // Whether `type` has been parsed, and how many have: lets tests see that parsing is lazy.
  bool IsParsed(std::string_view type) const;
  size_t ParsedCount() const { return parsed_count_.load(); }

 private:
  struct Slot;
  // The index of `type` in the embedded index, or nullopt.
  std::optional<size_t> IndexOf(std::string_view type) const;
  std::string_view ReturnValuesRow(std::string_view type) const;
  // One slot per embedded type, in the index's order, allocated on first use.
  Slot* Slots() const;

  mutable std::once_flag slots_once_;
  mutable std::unique_ptr<Slot[]> slots_;
  mutable std::once_flag return_values_once_;
  mutable std::string return_values_;  // return-values.tsv, decompressed on the first Find
  mutable std::atomic<size_t> parsed_count_{0};
};

}  // namespace nimbus::cloudformation
