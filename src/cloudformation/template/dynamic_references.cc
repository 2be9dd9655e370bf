// Dynamic references: {{resolve:ssm:name[:version]}} and {{resolve:ssm-secure:name[:version]}}
// inside any string, replaced by the SSM parameter's value.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
//
// A missing parameter fails with "Parameters: [ssm:name] cannot be found." (quoted from a real
// deployment in a public issue); the ssm-secure and versioned forms of it are unverified.
#include <algorithm>
#include <cctype>

#include "cloudformation/template/internal/intrinsics.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {
namespace {

constexpr std::string_view kOpen = "{{resolve:";

// Splits "name" or "name:version" (the name may be an ARN, itself full of colons: only a last
// segment of digits is a version).
SsmReference ParseReference(std::string_view key, bool secure) {
  SsmReference reference{.name = std::string(key), .version = std::nullopt, .secure = secure};
  const size_t colon = key.rfind(':');
  if (colon != std::string_view::npos && colon + 1 < key.size() && colon + 10 > key.size()) {
    const std::string_view digits = key.substr(colon + 1);
    if (std::all_of(digits.begin(), digits.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      reference.name = std::string(key.substr(0, colon));
      reference.version = std::stoll(std::string(digits));
    }
  }
  return reference;
}

}  // namespace

std::string ResolveDynamicReferences(std::string_view text, const EvaluationContext& ctx) {
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t open = text.find(kOpen, at);
    const size_t close = open == std::string_view::npos ? open : text.find("}}", open);
    if (close == std::string_view::npos) {
      break;
    }
    const std::string_view body = text.substr(open + kOpen.size(), close - open - kOpen.size());
    const bool secure = body.substr(0, 11) == "ssm-secure:";
    if (!secure && body.substr(0, 4) != "ssm:") {
      out.append(text.substr(at, close + 2 - at));  // another service's reference stays as it is
      at = close + 2;
      continue;
    }
    const std::string_view key = body.substr(secure ? 11 : 4);
    const SsmReference reference = ParseReference(key, secure);
    const std::optional<std::string> value = ctx.lookups.ssm_parameter && !reference.name.empty()
                                                 ? ctx.lookups.ssm_parameter(reference)
                                                 : std::nullopt;
    if (!value) {
      throw core::AwsError("ValidationError",
                           "Parameters: [" + std::string(body) + "] cannot be found.", 400);
    }
    out.append(text.substr(at, open - at));
    out.append(*value);
    at = close + 2;
  }
  out.append(text.substr(at));
  return out;
}

namespace internal {

void ApplyDynamicReferences(boost::json::value& value, const EvaluationContext& ctx) {
  if (boost::json::string* text = value.if_string()) {
    if (text->find(kOpen) != boost::json::string::npos) {
      *text = ResolveDynamicReferences(*text, ctx);
    }
  } else if (boost::json::object* object = value.if_object()) {
    for (auto& member : *object) {
      ApplyDynamicReferences(member.value(), ctx);
    }
  } else if (boost::json::array* list = value.if_array()) {
    for (boost::json::value& item : *list) {
      ApplyDynamicReferences(item, ctx);
    }
  }
}

}  // namespace internal
}  // namespace nimbus::cloudformation
