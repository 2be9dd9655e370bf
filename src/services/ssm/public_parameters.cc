#include "services/ssm/public_parameters.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/text.h"
#include "services/ssm/parameter_names.h"
#include "services/ssm/public_parameter_data.h"

namespace nimbus::ssm {

namespace json = boost::json;

namespace {

using Segments = std::vector<std::string_view>;

// A fixed date for every public parameter (2024-01-01T00:00:00Z): nimbus does not follow AWS's
// releases, so the values never change either.
constexpr int64_t kPublishedMillis = 1704067200000;

constexpr std::string_view kLinuxImages = "ami-amazon-linux-latest";
constexpr std::string_view kWindowsImages = "ami-windows-latest";

// The names AWS publishes most used under each AMI path (a subset of AWS's list).
const std::vector<std::string_view>& ImageNames(std::string_view family) {
  static const std::vector<std::string_view> kLinux = {
      "al2023-ami-kernel-6.1-arm64",
      "al2023-ami-kernel-6.1-x86_64",
      "al2023-ami-kernel-default-arm64",
      "al2023-ami-kernel-default-x86_64",
      "al2023-ami-minimal-kernel-6.1-arm64",
      "al2023-ami-minimal-kernel-6.1-x86_64",
      "al2023-ami-minimal-kernel-default-arm64",
      "al2023-ami-minimal-kernel-default-x86_64",
      "amzn2-ami-hvm-arm64-gp2",
      "amzn2-ami-hvm-x86_64-ebs",
      "amzn2-ami-hvm-x86_64-gp2",
      "amzn2-ami-kernel-5.10-hvm-arm64-gp2",
      "amzn2-ami-kernel-5.10-hvm-x86_64-ebs",
      "amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
      "amzn2-ami-minimal-hvm-arm64-ebs",
      "amzn2-ami-minimal-hvm-x86_64-ebs",
  };
  static const std::vector<std::string_view> kWindows = {
      "Windows_Server-2016-English-Core-Base",
      "Windows_Server-2016-English-Full-Base",
      "Windows_Server-2019-English-Core-Base",
      "Windows_Server-2019-English-Full-Base",
      "Windows_Server-2019-English-Full-SQL_2019_Standard",
      "Windows_Server-2022-English-Core-Base",
      "Windows_Server-2022-English-Full-Base",
      "Windows_Server-2022-English-Full-SQL_2022_Standard",
      "Windows_Server-2025-English-Core-Base",
      "Windows_Server-2025-English-Full-Base",
  };
  return family == kLinuxImages ? kLinux : kWindows;
}

uint64_t Fnv1a(std::string_view text, uint64_t hash) {
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// The regions of the caller's partition, as a bit mask over PublicRegions().
uint64_t PartitionMask(const core::Scope& scope) {
  const std::string& partition = core::PartitionOf(scope.region).id;
  uint64_t mask = 0;
  const std::vector<PublicRegion>& regions = PublicRegions();
  for (size_t i = 0; i < regions.size(); ++i) {
    if (regions[i].partition == partition) mask |= uint64_t{1} << i;
  }
  return mask;
}

// The index of region `code` if it is in `mask`.
std::optional<size_t> RegionIn(std::string_view code, uint64_t mask) {
  const std::vector<PublicRegion>& regions = PublicRegions();
  for (size_t i = 0; i < regions.size(); ++i) {
    if (regions[i].code == code && (mask >> i & 1) != 0) return i;
  }
  return std::nullopt;
}

const PublicService* ServiceIn(std::string_view name, uint64_t mask) {
  const std::vector<PublicService>& services = PublicServices();
  const auto it =
      std::lower_bound(services.begin(), services.end(), name,
                       [](const PublicService& s, std::string_view n) { return s.name < n; });
  if (it == services.end() || it->name != name || (it->regions & mask) == 0) return nullptr;
  return &*it;
}

std::vector<std::string> RegionCodes(uint64_t mask) {
  std::vector<std::string> codes;
  const std::vector<PublicRegion>& regions = PublicRegions();
  for (size_t i = 0; i < regions.size(); ++i) {
    if ((mask >> i & 1) != 0) codes.emplace_back(regions[i].code);
  }
  return codes;
}

std::vector<std::string> ServiceNames(uint64_t mask) {
  std::vector<std::string> names;
  for (const PublicService& service : PublicServices()) {
    if ((service.regions & mask) != 0) names.emplace_back(service.name);
  }
  return names;
}

// One level of the public tree: its value, if it is a parameter, and its children's names.
struct Node {
  bool exists = false;
  std::optional<std::string> value;
  std::vector<std::string> children;
};

Node Exists(std::optional<std::string> value, std::vector<std::string> children = {}) {
  std::sort(children.begin(), children.end());
  return Node{.exists = true, .value = std::move(value), .children = std::move(children)};
}

// /aws/service/global-infrastructure/<s...>, for the caller's partition.
Node GlobalInfrastructure(const core::Scope& scope, const Segments& s) {
  const uint64_t partition = PartitionMask(scope);
  const size_t n = s.size();
  if (n == 0) return Exists(std::nullopt, {"current-region", "regions", "services"});
  if (s[0] == "current-region" && n == 1) return Exists(scope.region);
  if (s[0] == "regions") {
    if (n == 1) return Exists(std::nullopt, RegionCodes(partition));
    const std::optional<size_t> index = RegionIn(s[1], partition);
    if (!index) return {};
    const PublicRegion& region = PublicRegions()[*index];
    if (n == 2) {
      std::vector<std::string> attributes = {"domain", "longName", "partition", "services"};
      if (!region.country.empty()) attributes.emplace_back("geolocationCountry");
      return Exists(std::string(region.code), std::move(attributes));
    }
    if (n == 3 && s[2] == "domain") return Exists(std::string(region.domain));
    if (n == 3 && s[2] == "longName") return Exists(std::string(region.long_name));
    if (n == 3 && s[2] == "partition") return Exists(std::string(region.partition));
    if (n == 3 && s[2] == "geolocationCountry" && !region.country.empty()) {
      return Exists(std::string(region.country));
    }
    if (s[2] != "services") return {};
    const uint64_t here = uint64_t{1} << *index;
    if (n == 3) return Exists(std::nullopt, ServiceNames(here));
    if (n == 4 && ServiceIn(s[3], here)) return Exists(std::string(s[3]));
    return {};
  }
  if (s[0] == "services") {
    if (n == 1) return Exists(std::nullopt, ServiceNames(partition));
    const PublicService* service = ServiceIn(s[1], partition);
    if (!service) return {};
    if (n == 2) {
      std::vector<std::string> attributes = {"regions"};
      if (!service->long_name.empty()) attributes.emplace_back("longName");
      return Exists(std::string(service->name), std::move(attributes));
    }
    if (n == 3 && s[2] == "longName" && !service->long_name.empty()) {
      return Exists(std::string(service->long_name));
    }
    if (s[2] != "regions") return {};
    if (n == 3) return Exists(std::nullopt, RegionCodes(service->regions & partition));
    if (n == 4 && RegionIn(s[3], service->regions & partition)) return Exists(std::string(s[3]));
  }
  return {};
}

// The node at /<s...> ("aws", "service", ...).
Node At(const core::Scope& scope, const Segments& s) {
  if (s.empty() || s[0] != "aws") return {};
  if (s.size() == 1) return Exists(std::nullopt, {"service"});
  if (s[1] != "service") return {};
  if (s.size() == 2) {
    return Exists(std::nullopt, {std::string(kLinuxImages), std::string(kWindowsImages),
                                 "global-infrastructure"});
  }
  if (s[2] == kLinuxImages || s[2] == kWindowsImages) {
    const std::vector<std::string_view>& names = ImageNames(s[2]);
    if (s.size() == 3) return Exists(std::nullopt, {names.begin(), names.end()});
    if (s.size() == 4 && std::find(names.begin(), names.end(), s[3]) != names.end()) {
      return Exists(PublicImageId(s[3], scope.region));
    }
    return {};
  }
  if (s[2] == "global-infrastructure") {
    return GlobalInfrastructure(scope, Segments(s.begin() + 3, s.end()));
  }
  return {};
}

// "/aws/service/x" -> {"aws", "service", "x"}; nullopt for "", a name without its leading slash
// or with an empty level.
std::optional<Segments> SegmentsOf(std::string_view name) {
  if (name.empty() || name.front() != '/') return std::nullopt;
  Segments segments = core::Split(name.substr(1), '/');
  for (const std::string_view segment : segments) {
    if (segment.empty()) return std::nullopt;
  }
  return segments;
}

std::string NameOf(const Segments& s) {
  std::string name;
  for (const std::string_view segment : s) name += "/" + std::string(segment);
  return name;
}

json::object ToParameter(const core::RequestContext& ctx, const std::string& name,
                         const std::string& value) {
  core::ParsedArn arn{.partition = core::PartitionOf(ctx.scope.region).id,
                      .service = "ssm",
                      .region = ctx.scope.region,
                      .account = "",
                      .resource = "parameter" + name};
  return json::object{{"Name", name},
                      {"Type", "String"},
                      {"Value", value},
                      {"Version", 1},
                      {"LastModifiedDate", core::EpochSeconds(kPublishedMillis)},
                      {"ARN", core::FormatArn(arn)},
                      {"DataType", "text"}};
}

// Where `x` lies against the cursor `after` in walk order: < 0 with all of x's subtree before
// the cursor, 0 when x is the cursor or above it (x itself is done, its subtree may not be),
// > 0 when x and its subtree come after it.
int Against(const Segments& x, const Segments& after) {
  const size_t common = std::min(x.size(), after.size());
  for (size_t i = 0; i < common; ++i) {
    if (x[i] != after[i]) return x[i] < after[i] ? -1 : 1;
  }
  return x.size() <= after.size() ? 0 : 1;
}

void Walk(const core::RequestContext& ctx, Segments& at, const Node& node, bool recursive,
          const std::optional<Segments>& after, size_t limit, std::vector<json::object>* out) {
  for (const std::string& child : node.children) {
    if (out->size() == limit) return;
    at.push_back(child);
    const int position = after ? Against(at, *after) : 1;
    if (position >= 0) {
      const Node below = At(ctx.scope, at);
      if (position > 0 && below.value) out->push_back(ToParameter(ctx, NameOf(at), *below.value));
      if (recursive) Walk(ctx, at, below, recursive, after, limit, out);
    }
    at.pop_back();
  }
}

}  // namespace

bool IsPublicName(std::string_view name) {
  return name == "/aws" || core::StartsWith(name, "/aws/");
}

std::optional<json::object> GetPublicParameter(const core::RequestContext& ctx,
                                               std::string_view text) {
  std::string_view name = core::Trim(text);
  if (core::StartsWith(name, "arn:")) {
    const std::optional<core::ParsedArn> arn = core::ParseArn(name);
    if (!arn || !arn->account.empty() || !core::StartsWith(arn->resource, "parameter/aws/")) {
      return std::nullopt;
    }
    if (arn->partition != core::PartitionOf(ctx.scope.region).id ||
        arn->region != ctx.scope.region) {
      ThrowNotFound(text);
    }
    name = name.substr(name.find(":parameter/") + std::string_view(":parameter").size());
  }
  if (!IsPublicName(name)) return std::nullopt;
  std::string_view selector;
  if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
    selector = name.substr(colon + 1);
    name = name.substr(0, colon);
  }
  const std::optional<Segments> segments = SegmentsOf(name);
  const Node node = segments ? At(ctx.scope, *segments) : Node{};
  if (!node.value) ThrowNotFound(text);
  if (!selector.empty() && selector != "1") ThrowVersionNotFound(name, selector);
  json::object parameter = ToParameter(ctx, std::string(name), *node.value);
  if (!selector.empty()) parameter["Selector"] = ":" + std::string(selector);
  return parameter;
}

std::vector<json::object> ListPublicParameters(const core::RequestContext& ctx,
                                               std::string_view path, bool recursive,
                                               std::string_view after, size_t limit) {
  std::vector<json::object> out;
  std::optional<Segments> at = SegmentsOf(path);
  if (!at) return out;
  const Node node = At(ctx.scope, *at);
  std::optional<Segments> cursor;
  if (!after.empty()) cursor = SegmentsOf(after);
  Walk(ctx, *at, node, recursive, cursor, limit, &out);
  return out;
}

std::string PublicImageId(std::string_view name, std::string_view region) {
  const std::string key = std::string(name) + "\n" + std::string(region);
  const uint64_t high = Fnv1a(key, 0xcbf29ce484222325ULL);
  const uint64_t low = Fnv1a(key, high);
  char hex[24];
  std::snprintf(hex, sizeof hex, "%016llx%01x", static_cast<unsigned long long>(high),
                static_cast<unsigned>(low & 0xf));
  return "ami-" + std::string(hex);
}

}  // namespace nimbus::ssm
