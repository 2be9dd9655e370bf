#include "cloudformation/schema/schema_registry.h"

#include <algorithm>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/schema/embedded_schemas.h"

namespace nimbus::cloudformation {
namespace json = boost::json;

namespace {

constexpr std::string_view kPropertiesPrefix = "/properties/";

const json::object& EmptyObject() {
  static const json::object kEmpty;
  return kEmpty;
}

const json::object& ObjectAt(const json::object& schema, std::string_view key) {
  const json::value* value = schema.if_contains(key);
  return value != nullptr && value->is_object() ? value->get_object() : EmptyObject();
}

bool BoolAt(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_bool() && value->get_bool();
}

// The strings of an array member ("required"), or of the pointers in it as property paths.
std::vector<std::string> Strings(const json::object& schema, std::string_view key, bool pointers) {
  std::vector<std::string> out;
  const json::value* value = schema.if_contains(key);
  if (value == nullptr || !value->is_array()) {
    return out;
  }
  for (const json::value& item : value->get_array()) {
    if (item.is_string()) {
      const std::string_view text = item.get_string();
      out.push_back(pointers ? PropertyPathOf(text) : std::string(text));
    }
  }
  return out;
}

Tagging TaggingOf(const json::object& schema) {
  Tagging tagging;
  const json::value* value = schema.if_contains("tagging");
  if (value == nullptr || !value->is_object()) {
    // Older schemas have only a top-level "taggable" and a Tags property.
    tagging.taggable = BoolAt(schema, "taggable");
    if (tagging.taggable && ObjectAt(schema, "properties").contains("Tags")) {
      tagging.tag_property = "Tags";
    }
    return tagging;
  }
  const json::object& object = value->get_object();
  tagging.taggable = BoolAt(object, "taggable");
  tagging.tag_on_create = BoolAt(object, "tagOnCreate");
  tagging.tag_updatable = BoolAt(object, "tagUpdatable");
  tagging.cloudformation_system_tags = BoolAt(object, "cloudFormationSystemTags");
  if (const json::value* property = object.if_contains("tagProperty");
      property != nullptr && property->is_string()) {
    tagging.tag_property = PropertyPathOf(property->get_string());
  }
  return tagging;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) {
    return parts;
  }
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// A return-values.tsv row: type, ref, returns, source, getatt.
void ApplyReturnValues(std::string_view row, ResourceSchema& schema) {
  const std::vector<std::string_view> columns = Split(row, '\t');
  if (columns.size() != 5) {
    throw std::logic_error("return-values.tsv: malformed row for " + schema.type_name);
  }
  schema.ref.properties.clear();
  for (std::string_view property : Split(columns[1], '|')) {
    schema.ref.properties.emplace_back(property);
  }
  schema.ref.returns = std::string(columns[2]);
  schema.ref.source =
      columns[3] == "page" ? RefInfo::Source::kPage : RefInfo::Source::kPrimaryIdentifier;
  for (std::string_view name : Split(columns[4], ',')) {
    schema.get_att.emplace_back(name);
  }
}

}  // namespace

std::string PropertyPathOf(std::string_view json_pointer) {
  if (json_pointer.starts_with(kPropertiesPrefix)) {
    json_pointer.remove_prefix(kPropertiesPrefix.size());
  } else if (json_pointer.starts_with('/')) {
    json_pointer.remove_prefix(1);
  }
  std::string path;
  path.reserve(json_pointer.size());
  for (size_t i = 0; i < json_pointer.size(); ++i) {
    const char c = json_pointer[i];
    if (c == '/') {
      path += '.';
    } else if (c == '~' && i + 1 < json_pointer.size()) {  // RFC 6901: ~1 is '/', ~0 is '~'
      path += json_pointer[++i] == '1' ? '/' : '~';
    } else {
      path += c;
    }
  }
  return path;
}

const json::object& ResourceSchema::properties() const { return ObjectAt(document, "properties"); }

const json::object& ResourceSchema::definitions() const {
  return ObjectAt(document, "definitions");
}

bool ResourceSchema::IsReadOnly(std::string_view path) const {
  return Contains(read_only_properties, path);
}

bool ResourceSchema::IsCreateOnly(std::string_view path) const {
  return Contains(create_only_properties, path);
}

bool ResourceSchema::HasAttribute(std::string_view name) const { return Contains(get_att, name); }

ResourceSchema ParseResourceSchema(std::string_view schema_json,
                                   std::string_view return_values_row) {
  json::parse_options options;
  options.max_depth = 64;  // the deepest schema nests 11 levels
  boost::system::error_code ec;
  json::value parsed = json::parse(schema_json, ec, {}, options);
  if (ec || !parsed.is_object() || !parsed.get_object().contains("typeName") ||
      !parsed.get_object().at("typeName").is_string()) {
    throw std::logic_error("embedded CloudFormation schema is not a schema");
  }
  ResourceSchema schema;
  schema.document = std::move(parsed.get_object());
  const json::object& doc = schema.document;
  schema.type_name = std::string(doc.at("typeName").get_string());
  schema.required = Strings(doc, "required", false);
  schema.read_only_properties = Strings(doc, "readOnlyProperties", true);
  schema.create_only_properties = Strings(doc, "createOnlyProperties", true);
  schema.conditional_create_only_properties = Strings(doc, "conditionalCreateOnlyProperties", true);
  schema.write_only_properties = Strings(doc, "writeOnlyProperties", true);
  schema.deprecated_properties = Strings(doc, "deprecatedProperties", true);
  schema.primary_identifier = Strings(doc, "primaryIdentifier", true);
  if (const json::value* additional = doc.if_contains("additionalIdentifiers");
      additional != nullptr && additional->is_array()) {
    for (const json::value& identifier : additional->get_array()) {
      std::vector<std::string> paths;
      if (identifier.is_array()) {
        for (const json::value& pointer : identifier.get_array()) {
          if (pointer.is_string()) {
            paths.push_back(PropertyPathOf(pointer.get_string()));
          }
        }
      }
      schema.additional_identifiers.push_back(std::move(paths));
    }
  }
  schema.tagging = TaggingOf(doc);
  // Ref: from the type's page when it has one, else the primaryIdentifier (joined with '|').
  schema.ref.properties = schema.primary_identifier;
  if (!return_values_row.empty()) {
    ApplyReturnValues(return_values_row, schema);
  }
  for (const std::string& path : schema.read_only_properties) {
    if (path.find('*') == std::string::npos && !Contains(schema.get_att, path)) {
      schema.get_att.push_back(path);
    }
  }
  return schema;
}

struct SchemaRegistry::Slot {
  std::once_flag once;
  std::unique_ptr<ResourceSchema> schema;
  std::atomic<bool> parsed{false};
};

SchemaRegistry::SchemaRegistry() = default;

SchemaRegistry::~SchemaRegistry() = default;

std::optional<size_t> SchemaRegistry::IndexOf(std::string_view type) const {
  const std::span<const internal::EmbeddedSchema> index = internal::EmbeddedSchemas();
  const auto it = std::lower_bound(index.begin(), index.end(), type,
                                   [](const internal::EmbeddedSchema& entry, std::string_view t) {
                                     return internal::TypeNameOf(entry) < t;
                                   });
  if (it == index.end() || internal::TypeNameOf(*it) != type) {
    return std::nullopt;
  }
  return static_cast<size_t>(it - index.begin());
}

bool SchemaRegistry::Has(std::string_view type) const { return IndexOf(type).has_value(); }

std::vector<std::string_view> SchemaRegistry::Types() const {
  std::vector<std::string_view> types;
  types.reserve(internal::EmbeddedSchemas().size());
  for (const internal::EmbeddedSchema& entry : internal::EmbeddedSchemas()) {
    types.push_back(internal::TypeNameOf(entry));
  }
  return types;
}

std::string_view SchemaRegistry::ReturnValuesRow(std::string_view type) const {
  std::call_once(return_values_once_,
                 [this] { return_values_ = internal::Inflate(internal::EmbeddedReturnValues()); });
  // Every row follows a '\n' (the file starts with comment lines) and is "<type>\t...".
  const std::string_view table = return_values_;
  std::string needle = "\n";
  needle.append(type).push_back('\t');
  const size_t start = table.find(needle);
  if (start == std::string_view::npos) {
    return {};
  }
  const size_t end = table.find('\n', start + 1);
  return table.substr(start + 1, end == std::string_view::npos ? end : end - start - 1);
}

const ResourceSchema* SchemaRegistry::Find(std::string_view type) const {
  const std::optional<size_t> index = IndexOf(type);
  if (!index) {
    return nullptr;
  }
  Slot& slot = Slots()[*index];
  std::call_once(slot.once, [&] {
    const internal::EmbeddedSchema& entry = internal::EmbeddedSchemas()[*index];
    const std::string chunk = internal::Inflate(internal::EmbeddedSchemaChunks()[entry.chunk]);
    slot.schema = std::make_unique<ResourceSchema>(ParseResourceSchema(
        std::string_view(chunk).substr(entry.offset, entry.length), ReturnValuesRow(type)));
    slot.parsed.store(true);
    parsed_count_.fetch_add(1);
  });
  return slot.schema.get();
}

bool SchemaRegistry::IsParsed(std::string_view type) const {
  const std::optional<size_t> index = IndexOf(type);
  return index && Slots()[*index].parsed.load();
}

SchemaRegistry::Slot* SchemaRegistry::Slots() const {
  std::call_once(slots_once_,
                 [this] { slots_ = std::make_unique<Slot[]>(internal::EmbeddedSchemas().size()); });
  return slots_.get();
}

}  // namespace nimbus::cloudformation
