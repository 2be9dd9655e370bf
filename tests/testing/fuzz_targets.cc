#include "testing/fuzz_targets.h"

#include <array>
#include <optional>
#include <utility>

#include "core/auth/sigv4.h"
#include "core/aws_error.h"
#include "core/model/model.h"
#include "core/protocol/json_codec.h"
#include "core/protocol/query.h"
#include "core/protocol/rest_xml.h"
#include "core/protocol/validate.h"
#include "core/protocol/xml_writer.h"
#include "core/routing/router.h"
#include "core/text.h"

namespace nimbus::test {

namespace {

namespace json = boost::json;
using core::model::ModelRegistry;
using core::model::Operation;
using core::model::ServiceModel;

// Parsed once per process: the targets only read it.
const ModelRegistry& Models() {
  static const ModelRegistry models;
  return models;
}

struct OperationRef {
  std::string_view service;
  std::string_view operation;
};

// Used when the input names no operation we know, so every input still reaches a decoder.
constexpr std::array<OperationRef, 8> kQueryFallbacks = {{
    {"sts", "AssumeRole"},
    {"sts", "GetFederationToken"},
    {"sts", "AssumeRoleWithWebIdentity"},
    {"cloudformation", "CreateStack"},
    {"cloudformation", "UpdateStack"},
    {"cloudformation", "CreateChangeSet"},
    {"cloudformation", "CreateStackSet"},
    {"cloudformation", "DescribeStacks"},
}};

constexpr std::array<OperationRef, 9> kJsonFallbacks = {{
    {"ssm", "PutParameter"},
    {"ssm", "GetParametersByPath"},
    {"ssm", "DescribeParameters"},
    {"ssm", "AddTagsToResource"},
    {"sso-admin", "CreatePermissionSet"},
    {"sso-admin", "CreateAccountAssignment"},
    {"sso-admin", "PutInlinePolicyToPermissionSet"},
    {"sso-admin", "ListAccountAssignments"},
    {"sso-admin", "TagResource"},
}};

template <size_t N>
std::pair<const ServiceModel*, const Operation*> Fallback(const std::array<OperationRef, N>& table,
                                                          size_t pick) {
  const OperationRef& ref = table[pick % N];
  const ServiceModel& model = Models().Get(ref.service);
  return {&model, model.FindOperation(ref.operation)};
}

// What the dispatcher does after decoding: validate, and build the message when it fails.
void ValidateInput(const ServiceModel& model, const Operation& op, const json::object& input) {
  if (!op.input) return;
  const std::vector<core::protocol::Violation> violations =
      core::protocol::Validate(model, *op.input, input);
  if (!violations.empty()) {
    (void)core::protocol::ValidationError(model, violations);
  }
}

std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace

core::HttpRequest ParseFuzzRequest(std::string_view text) {
  core::HttpRequest request;
  bool first = true;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      first = false;
      const size_t space = line.find(' ');
      request.method = std::string(line.substr(0, space));
      if (space != std::string_view::npos) {
        const std::string_view rest = line.substr(space + 1);
        request.target = std::string(rest.substr(0, rest.find(' ')));
      }
      continue;
    }
    if (line.empty()) break;
    const size_t colon = line.find(':');
    request.headers.push_back(
        {std::string(line.substr(0, colon)),
         colon == std::string_view::npos ? std::string()
                                         : std::string(core::Trim(line.substr(colon + 1)))});
  }
  request.body = std::string(text);
  return request;
}

std::string FormatFuzzRequest(const core::HttpRequest& request) {
  std::string out = request.method + " " + request.target + "\n";
  for (const core::HttpHeader& h : request.headers) {
    out.append(h.name).append(": ").append(h.value).append("\n");
  }
  return out.append("\n").append(request.body);
}

std::string SeedFromFixture(FuzzTarget target, const core::HttpRequest& request) {
  const bool form = core::routing::IsFormRequest(request);
  const std::string_view amz_target = request.Header("X-Amz-Target");
  switch (target) {
    case FuzzTarget::kQuery:
      if (!form) return "";
      return request.method == "POST" && !request.body.empty() ? request.body
                                                               : std::string(request.RawQuery());
    case FuzzTarget::kJson:
      if (amz_target.empty()) return "";
      return std::string(amz_target) + "\n" + request.body;
    case FuzzTarget::kRestXml:
      if (form || !amz_target.empty()) return "";
      return FormatFuzzRequest(request);
    case FuzzTarget::kSigV4:
      return FormatFuzzRequest(request);
  }
  return "";
}

int FuzzQueryDecoder(const uint8_t* data, size_t size) {
  const std::string_view text = AsText(data, size);
  core::protocol::QueryParams params;
  if (!core::protocol::ParseQueryString(text, &params)) {
    return 0;  // MalformedQueryString
  }
  core::HttpRequest request{.method = "POST",
                            .target = "/",
                            .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                            .body = std::string(text)};
  const core::routing::Route route = core::routing::RouteRequest(request, nullptr, params);

  const ServiceModel* model = nullptr;
  const Operation* op = nullptr;
  if (route.service && route.service->protocol == "query") {
    model = &Models().Get(route.service->name);
    op = model->FindOperation(route.operation);
  }
  if (!op) {
    std::tie(model, op) = Fallback(kQueryFallbacks, size);
  }
  try {
    const json::object input = core::protocol::DecodeQueryInput(op->input, params);
    ValidateInput(*model, *op, input);
  } catch (const core::ValidationFailure&) {
  } catch (const core::AwsError&) {
  }
  return 0;
}

int FuzzJsonDecoder(const uint8_t* data, size_t size) {
  const std::string_view text = AsText(data, size);
  const size_t eol = text.find('\n');
  const std::string_view target = text.substr(0, eol);
  const std::string_view body =
      eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);

  const ServiceModel* model = nullptr;
  const Operation* op = nullptr;
  const size_t dot = target.rfind('.');
  if (dot != std::string_view::npos) {
    const core::model::ServiceInfo* info = ModelRegistry::FindByTargetPrefix(target.substr(0, dot));
    if (info && info->protocol == "json") {
      model = &Models().Get(info->name);
      op = model->FindOperation(target.substr(dot + 1));
    }
  }
  if (!op) {
    std::tie(model, op) = Fallback(kJsonFallbacks, size);
  }
  try {
    const json::object input = core::protocol::DecodeJsonInput(op->input, body);
    ValidateInput(*model, *op, input);
    (void)core::protocol::EncodeJsonOutput(op->input, input);
  } catch (const core::ValidationFailure&) {
  } catch (const core::AwsError&) {
  }
  return 0;
}

int FuzzRestXml(const uint8_t* data, size_t size) {
  const core::HttpRequest request = ParseFuzzRequest(AsText(data, size));
  core::auth::AuthError auth_error;
  const std::optional<core::auth::SignatureInfo> signature =
      core::auth::ParseSignature(request, &auth_error);
  core::protocol::QueryParams params;
  if (!core::protocol::ParseQueryString(request.RawQuery(), &params)) {
    return 0;  // MalformedQueryString
  }
  const core::routing::Route route =
      core::routing::RouteRequest(request, signature ? &*signature : nullptr, params);
  if (route.wire != core::routing::Wire::kRestXml || !route.service) {
    return 0;
  }
  const ServiceModel& model = Models().Get(route.service->name);
  const Operation* op =
      core::protocol::MatchRestOperation(model, request.method, route.rest_path, request.RawQuery());
  if (!op) {
    return 0;  // MethodNotAllowed
  }
  std::string decoded;
  std::string_view body = request.body;
  if (request.Header("Content-Encoding").find("aws-chunked") != std::string_view::npos ||
      core::StartsWith(request.Header("x-amz-content-sha256"), "STREAMING-")) {
    if (!core::auth::DecodeAwsChunked(request.body, &decoded)) {
      return 0;  // IncompleteBody
    }
    body = decoded;
  }
  core::HttpRequest routed = request;
  routed.target = route.rest_path + (request.RawQuery().empty() ? "" : "?") +
                  std::string(request.RawQuery());
  try {
    const json::object input = core::protocol::DecodeRestXmlInput(*op, routed, body);
    ValidateInput(model, *op, input);
    if (op->input) {
      std::string xml;
      core::protocol::WriteXmlMembers(xml, *op->input, input);
    }
  } catch (const core::ValidationFailure&) {
  } catch (const core::AwsError&) {
  }
  return 0;
}

int FuzzSigV4(const uint8_t* data, size_t size) {
  const core::HttpRequest request = ParseFuzzRequest(AsText(data, size));
  core::auth::AuthError auth_error;
  const std::optional<core::auth::SignatureInfo> signature =
      core::auth::ParseSignature(request, &auth_error);
  if (signature) {
    const bool s3 = signature->service == "s3";
    const std::string canonical = core::auth::CanonicalRequest(request, *signature, s3);
    (void)core::auth::StringToSign(*signature, canonical);
    // 2026-11-22T02:03:29Z, when the fixtures were signed.
    (void)core::auth::VerifySignature(request, *signature,
                                      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 1'795'313'009'000,
                                      s3);
  }
  std::string decoded;
  std::vector<core::HttpHeader> trailers;
  std::vector<std::string> chunk_signatures;
  (void)core::auth::DecodeAwsChunked(request.body, &decoded, &trailers, &chunk_signatures);
  return 0;
}

}  // namespace nimbus::test
