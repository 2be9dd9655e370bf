#include "core/partition.h"

#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

#include <boost/json/parse.hpp>
#include <re2/re2.h>

#include "core/model/embedded.h"

namespace nimbus::core {

namespace json = boost::json;

namespace {

struct Entry {
  Partition partition;
  std::string region_regex;  // ^cn\-\w+\-\d+$
};

// models/partitions.json, parsed: written by tools/import_models.py from botocore.
struct Partitions {
  std::vector<Entry> entries;                            // in the file's order
  std::map<std::string, size_t, std::less<>> by_region;  // listed region -> entry
  const Partition* aws = nullptr;
};

std::string StringOr(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

Partitions Load() {
  boost::system::error_code ec;
  const json::value root = json::parse(model::EmbeddedModelFile("partitions.json"), ec);
  const json::value* list =
      !ec && root.is_object() ? root.as_object().if_contains("partitions") : nullptr;
  if (!list || !list->is_array()) {
    throw std::logic_error(
        "models/partitions.json is missing or malformed: run "
        "tools/import_models.py");
  }
  Partitions out;
  out.entries.reserve(list->as_array().size());
  for (const json::value& item : list->as_array()) {
    const json::object& p = item.as_object();
    Entry entry;
    entry.partition = {.id = StringOr(p, "id"),
                       .dns_suffix = StringOr(p, "dnsSuffix"),
                       .dual_stack_dns_suffix = StringOr(p, "dualStackDnsSuffix"),
                       .implicit_global_region = StringOr(p, "implicitGlobalRegion")};
    entry.region_regex = StringOr(p, "regionRegex");
    if (const json::value* regions = p.if_contains("regions"); regions && regions->is_array()) {
      for (const json::value& region : regions->as_array()) {
        // The first partition to list a region keeps it, as the regex order does.
        out.by_region.emplace(std::string(region.as_string()), out.entries.size());
      }
    }
    out.entries.push_back(std::move(entry));
  }
  for (const Entry& entry : out.entries) {
    if (entry.partition.id == "aws") out.aws = &entry.partition;
  }
  if (!out.aws) throw std::logic_error("models/partitions.json lists no aws partition");
  return out;
}

const Partitions& Loaded() {
  static const Partitions partitions = Load();  // once, on first use, thread-safe
  return partitions;
}

// The entries' regionRegex compiled, in the same order (null where RE2 cannot compile one).
// Apart from Loaded() because only a region that no partition lists needs them.
const std::vector<std::unique_ptr<re2::RE2>>& RegionRegexes() {
  static const std::vector<std::unique_ptr<re2::RE2>> regexes = [] {
    std::vector<std::unique_ptr<re2::RE2>> out;
    re2::RE2::Options options;
    options.set_log_errors(false);
    for (const Entry& entry : Loaded().entries) {
      auto regex = std::make_unique<re2::RE2>(entry.region_regex, options);
      out.push_back(regex->ok() ? std::move(regex) : nullptr);
    }
    return out;
  }();
  return regexes;
}

}  // namespace

const Partition& PartitionOf(std::string_view region) {
  const Partitions& all = Loaded();
  if (auto it = all.by_region.find(region); it != all.by_region.end()) {
    return all.entries[it->second].partition;
  }
  const re2::StringPiece text(region.data(), region.size());
  const std::vector<std::unique_ptr<re2::RE2>>& regexes = RegionRegexes();
  for (size_t i = 0; i < regexes.size(); ++i) {
    if (regexes[i] && re2::RE2::FullMatch(text, *regexes[i])) return all.entries[i].partition;
  }
  return *all.aws;
}

bool IsRegion(std::string_view region) {
  if (Loaded().by_region.count(region) > 0) return true;
  const re2::StringPiece text(region.data(), region.size());
  for (const std::unique_ptr<re2::RE2>& regex : RegionRegexes()) {
    if (regex && re2::RE2::FullMatch(text, *regex)) return true;
  }
  return false;
}

const Partition* FindPartition(std::string_view id) {
  for (const Entry& entry : Loaded().entries) {
    if (entry.partition.id == id) return &entry.partition;
  }
  return nullptr;
}

std::string FormatArn(const ParsedArn& arn) {
  std::string out;
  out.reserve(9 + arn.partition.size() + arn.service.size() + arn.region.size() +
              arn.account.size() + arn.resource.size());
  out.append("arn:").append(arn.partition).append(":").append(arn.service).append(":");
  out.append(arn.region).append(":").append(arn.account).append(":").append(arn.resource);
  return out;
}

std::string Arn(const Scope& scope, std::string_view service, std::string_view resource) {
  return FormatArn({.partition = PartitionOf(scope.region).id,
                    .service = std::string(service),
                    .region = scope.region,
                    .account = scope.account,
                    .resource = std::string(resource)});
}

std::string GlobalArn(const Scope& scope, std::string_view service, std::string_view resource) {
  return FormatArn({.partition = PartitionOf(scope.region).id,
                    .service = std::string(service),
                    .region = "",
                    .account = scope.account,
                    .resource = std::string(resource)});
}

std::optional<ParsedArn> ParseArn(std::string_view arn) {
  std::string_view fields[5];
  std::string_view rest = arn;
  for (std::string_view& field : fields) {
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    field = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  if (fields[0] != "arn" || fields[2].empty() || rest.empty() || !FindPartition(fields[1])) {
    return std::nullopt;
  }
  return ParsedArn{.partition = std::string(fields[1]),
                   .service = std::string(fields[2]),
                   .region = std::string(fields[3]),
                   .account = std::string(fields[4]),
                   .resource = std::string(rest)};
}

}  // namespace nimbus::core
