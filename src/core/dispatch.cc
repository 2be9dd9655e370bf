#include "core/dispatch.h"

#include <boost/json/serialize.hpp>
#include <cctype>
#include <iostream>

#include "core/auth/sigv4.h"
#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/json_codec.h"
#include "core/protocol/query.h"
#include "core/protocol/rest_xml.h"
#include "core/protocol/validate.h"
#include "core/routing/router.h"
#include "core/text.h"

namespace nimbus::core {

namespace json = boost::json;
using routing::Wire;

namespace {

// The error code each protocol uses for an authentication failure.
std::string AuthCode(auth::AuthFailure failure, Wire wire) {
  using F = auth::AuthFailure;
  switch (wire) {
    case Wire::kJson:
      switch (failure) {
        case F::kMissingAuthenticationToken: return "MissingAuthenticationTokenException";
        case F::kIncompleteSignature: return "IncompleteSignatureException";
        case F::kInvalidClientTokenId: return "UnrecognizedClientException";
        case F::kSignatureDoesNotMatch: return "InvalidSignatureException";
        case F::kRequestExpired: return "InvalidSignatureException";
      }
      break;
    case Wire::kRestXml:
      switch (failure) {
        case F::kMissingAuthenticationToken: return "AccessDenied";
        case F::kIncompleteSignature: return "AuthorizationHeaderMalformed";
        case F::kInvalidClientTokenId: return "InvalidAccessKeyId";
        case F::kSignatureDoesNotMatch: return "SignatureDoesNotMatch";
        case F::kRequestExpired: return "AccessDenied";
      }
      break;
    case Wire::kQuery:
      break;
  }
  switch (failure) {
    case F::kMissingAuthenticationToken: return "MissingAuthenticationToken";
    case F::kIncompleteSignature: return "IncompleteSignature";
    case F::kInvalidClientTokenId: return "InvalidClientTokenId";
    case F::kSignatureDoesNotMatch: return "SignatureDoesNotMatch";
    case F::kRequestExpired: return "RequestExpired";
  }
  return "AccessDenied";
}

int AuthStatus(auth::AuthFailure failure) {
  using F = auth::AuthFailure;
  return failure == F::kIncompleteSignature || failure == F::kRequestExpired ? 400 : 403;
}

std::string InvalidClientTokenMessage(Wire wire) {
  return wire == Wire::kRestXml
             ? "The AWS Access Key Id you provided does not exist in our records."
             : "The security token included in the request is invalid.";
}

// S3 request ids are 16 uppercase hex characters; ours are the first 16 of the request's UUID.
std::string S3RequestId(const std::string& uuid) {
  std::string id;
  for (const char c : uuid) {
    if (c != '-' && id.size() < 16) id.push_back(static_cast<char>(std::toupper(c)));
  }
  return id;
}

// Writes an error in the request's protocol. Status: the error's own, else the model's, else the
// common-errors table, else 400.
void EncodeError(const AwsError& error, Wire wire, const model::ServiceModel* model,
                 const HttpRequest& request, const std::string& request_id,
                 HttpResponse* response) {
  const model::Shape* shape = model ? model->FindError(error.code()) : nullptr;
  int status = 400;
  if (error.status()) {
    status = *error.status();
  } else if (shape && shape->error) {
    status = shape->error->http_status;
  } else if (auto common = CommonErrorStatus(error.code())) {
    status = *common;
  }
  const bool sender = shape && shape->error ? shape->error->sender_fault : status < 500;
  const std::string code = shape && shape->error ? shape->error->code : error.code();
  response->status = status;
  response->headers.clear();
  switch (wire) {
    case Wire::kQuery:
      response->SetHeader("Content-Type", "text/xml");
      response->SetHeader("x-amzn-RequestId", request_id);
      response->body = protocol::EncodeQueryError(
          model ? model->xml_namespace() : std::string_view("https://nimbus.invalid/doc/"), shape,
          code, error, sender, request_id);
      break;
    case Wire::kJson:
      response->SetHeader("Content-Type", model && model->json_version() == "1.0"
                                              ? "application/x-amz-json-1.0"
                                              : "application/x-amz-json-1.1");
      response->SetHeader("x-amzn-RequestId", request_id);
      response->SetHeader("x-amzn-ErrorType", code);
      response->body = protocol::EncodeJsonError(shape, code, error, request_id);
      break;
    case Wire::kRestXml: {
      const std::string s3_id = S3RequestId(request_id);
      response->SetHeader("x-amz-request-id", s3_id);
      response->SetHeader("x-amz-id-2", Base64Encode(request_id));
      if (request.method != "HEAD") {
        response->SetHeader("Content-Type", "application/xml");
        response->body = protocol::EncodeRestXmlError(shape, code, error, s3_id,
                                                      Base64Encode(request_id));
      }
      break;
    }
  }
}

// x-amz-decoded-content-length, when sent, must be what the aws-chunked body decoded to.
bool DecodedLengthMatches(const HttpRequest& request, size_t decoded_size) {
  const std::string_view sent = request.Header("x-amz-decoded-content-length");
  return sent.empty() || sent == std::to_string(decoded_size);
}

// Once aws-chunked framing is removed the input says what the client meant: Content-Length is the
// decoded length, Content-Encoding loses "aws-chunked", and checksums sent as trailers
// (x-amz-checksum-crc32) fill their header members.
void ApplyAwsChunked(const model::Shape& shape, size_t decoded_size,
                     const std::vector<HttpHeader>& trailers, json::object* input) {
  for (const model::MemberRef& member : shape.members) {
    if (member.location != "header") continue;
    const std::string& header = member.WireName();
    if (EqualsIgnoreCase(header, "Content-Length")) {
      (*input)[member.name] = static_cast<int64_t>(decoded_size);
    } else if (EqualsIgnoreCase(header, "Content-Encoding")) {
      const json::value* sent = input->if_contains(member.name);
      std::string kept;
      if (sent && sent->is_string()) {
        for (std::string_view coding : Split(sent->get_string(), ',')) {
          coding = Trim(coding);
          if (coding.empty() || EqualsIgnoreCase(coding, "aws-chunked")) continue;
          kept += (kept.empty() ? "" : ",") + std::string(coding);
        }
      }
      if (kept.empty()) {
        input->erase(member.name);
      } else {
        (*input)[member.name] = kept;
      }
    } else if (!input->contains(member.name)) {
      for (const HttpHeader& trailer : trailers) {
        if (EqualsIgnoreCase(trailer.name, header)) (*input)[member.name] = trailer.value;
      }
    }
  }
}

}  // namespace

Dispatcher::Dispatcher(DispatchConfig config, const model::ModelRegistry& models,
                       const Clock& clock, IdGenerator& ids)
    : config_(std::move(config)), models_(models), clock_(clock), ids_(ids) {}

void Dispatcher::AddService(std::unique_ptr<Service> service) {
  const std::string name(service->Name());
  services_[name].push_back(std::move(service));
}

void Dispatcher::AddKeyDirectory(const auth::KeyDirectory* directory) {
  directories_.push_back(directory);
}

const Handler* Dispatcher::FindHandler(const std::string& service,
                                       const std::string& operation) const {
  auto it = services_.find(service);
  if (it == services_.end()) {
    return nullptr;
  }
  for (const std::unique_ptr<Service>& provider : it->second) {
    if (const Handler* handler = provider->Find(operation)) {
      return handler;
    }
  }
  return nullptr;
}

void Dispatcher::SetResetHook(std::function<void()> reset) { reset_ = std::move(reset); }

void Dispatcher::AddAdminRoute(std::string path,
                               std::function<HttpResponse(const HttpRequest&)> handler) {
  admin_routes_[std::move(path)] = std::move(handler);
}

std::optional<auth::KnownKey> Dispatcher::FindKey(std::string_view access_key_id) const {
  for (const auth::KeyDirectory* directory : directories_) {
    if (auto key = directory->FindKey(access_key_id)) {
      return key;
    }
  }
  return std::nullopt;
}

bool Dispatcher::HandleAdmin(const HttpRequest& request, Outcome* outcome) const {
  const std::string_view path = request.RawPath();
  const bool health = path == "/_nimbus/health" || path == "/_localstack/health";
  const bool reset = path == "/_nimbus/reset" || path == "/moto-api/reset";
  if (auto route = admin_routes_.find(std::string(path)); route != admin_routes_.end()) {
    outcome->service = "nimbus";
    outcome->operation = std::string(path.substr(path.rfind('/') + 1));
    try {
      outcome->response = route->second(request);
    } catch (const std::exception& e) {
      outcome->response.status = 500;
      outcome->response.SetHeader("Content-Type", "application/json");
      outcome->response.body = json::serialize(json::object{{"error", e.what()}});
    }
    return true;
  }
  if (!health && !reset) {
    return false;
  }
  outcome->service = "nimbus";
  HttpResponse& response = outcome->response;
  response.SetHeader("Content-Type", "application/json");
  if (health && (request.method == "GET" || request.method == "HEAD")) {
    outcome->operation = "Health";
    json::object services;
    for (const model::ServiceInfo& info : model::ModelRegistry::Services()) {
      services[info.name] = services_.count(std::string(info.name)) ? "running" : "disabled";
    }
    response.body = json::serialize(json::object{{"version", NIMBUS_VERSION},
                                                 {"edition", "nimbus"},
                                                 {"models", model::ModelRegistry::BotocoreVersion()},
                                                 {"services", std::move(services)}});
    return true;
  }
  if (reset && request.method == "POST") {
    outcome->operation = "Reset";
    if (reset_) {
      reset_();
    }
    response.body = R"({"reset":true})";
    return true;
  }
  outcome->operation = "-";
  response.status = 405;
  response.body = R"({"error":"method not allowed"})";
  return true;
}

Outcome Dispatcher::Handle(const HttpRequest& request) const {
  Outcome outcome;
  outcome.request_id = ids_.Uuid();
  outcome.service = "-";
  outcome.operation = "-";
  if (HandleAdmin(request, &outcome)) {
    return outcome;
  }
  HttpResponse& response = outcome.response;
  routing::Wire wire = Wire::kRestXml;
  const model::ServiceModel* model = nullptr;
  try {
    // Signature first: routing needs its credential scope.
    auth::AuthError auth_error;
    const std::optional<auth::SignatureInfo> signature = auth::ParseSignature(request, &auth_error);
    protocol::QueryParams params;
    const bool form = routing::IsFormRequest(request);
    if (!protocol::ParseQueryString(request.RawQuery(), &params) ||
        (form && request.method == "POST" && !protocol::ParseQueryString(request.body, &params))) {
      throw AwsError("MalformedQueryString", "The query string is malformed.", 400);
    }
    const routing::Route route =
        routing::RouteRequest(request, signature ? &*signature : nullptr, params);
    wire = route.wire;
    if (!route.service) {
      outcome.service = route.requested_service.empty() ? "-" : route.requested_service;
      outcome.operation = route.operation.empty() ? "-" : route.operation;
      const std::string what = "nimbus does not emulate the service '" + outcome.service +
                               "' (operation " + outcome.operation + ")";
      throw AwsError(wire == Wire::kJson ? "UnknownOperationException" : "InvalidAction", what,
                     400);
    }
    outcome.service = std::string(route.service->name);
    model = &models_.Get(route.service->name);
    const model::Operation* op =
        wire == Wire::kRestXml
            ? protocol::MatchRestOperation(*model, request.method, route.rest_path,
                                           request.RawQuery(), &request.headers)
            : model->FindOperation(route.operation);
    if (!op) {
      outcome.operation = route.operation.empty() ? "-" : route.operation;
      if (wire == Wire::kQuery) {
        if (route.operation.empty()) throw AwsError("MissingAction", "Missing Action", 400);
        throw AwsError("InvalidAction", "The action " + route.operation +
                                            " is not valid for this web service.", 400);
      }
      if (wire == Wire::kJson) throw AwsError("UnknownOperationException", "", 400);
      throw AwsError("MethodNotAllowed",
                     "The specified method is not allowed against this resource.", 405);
    }
    outcome.operation = op->name;

    // Identity: account and caller from the access key, region from the scope.
    RequestContext ctx;
    ctx.request_id = outcome.request_id;
    ctx.service = outcome.service;
    ctx.operation = op->name;
    ctx.now_millis = clock_.NowMillis();
    ctx.http = &request;
    if (!signature && auth_error.message.size() > 0) {
      throw AwsError(AuthCode(auth_error.failure, wire), auth_error.message,
                     AuthStatus(auth_error.failure));
    }
    const std::string access_key = signature ? signature->access_key_id : std::string();
    const std::optional<auth::KnownKey> known =
        access_key.empty() ? std::nullopt : FindKey(access_key);
    ctx.scope.region =
        signature && !signature->region.empty() ? signature->region : config_.default_region;
    if (route.service->global) {
      ctx.scope.region = PartitionOf(ctx.scope.region).implicit_global_region;
    }
    ctx.caller = auth::ResolveCaller(access_key, known, config_.default_account, ctx.scope.region);
    ctx.scope.account = ctx.caller.account;
    if (config_.verify_signatures && !op->no_auth) {
      if (!signature) {
        throw AwsError(AuthCode(auth::AuthFailure::kMissingAuthenticationToken, wire),
                       "Request is missing Authentication Token", 403);
      }
      // Temporary credentials are only valid with their session token (AWS answers the same
      // error as for an unknown key when it is missing or wrong).
      if (!known ||
          (!known->session_token.empty() && signature->security_token != known->session_token)) {
        throw AwsError(AuthCode(auth::AuthFailure::kInvalidClientTokenId, wire),
                       InvalidClientTokenMessage(wire), 403);
      }
      if (known->expires_millis && known->expires_millis < ctx.now_millis) {
        // https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
        if (wire == Wire::kRestXml) {
          throw AwsError("ExpiredToken", "The provided token has expired.", 400);
        }
        throw AwsError(wire == Wire::kJson ? "ExpiredTokenException" : "ExpiredToken",
                       "The security token included in the request is expired", 403);
      }
      if (auto failure = auth::VerifySignature(request, *signature, known->secret_access_key,
                                               ctx.now_millis, wire == Wire::kRestXml)) {
        if (wire == Wire::kRestXml && failure->failure == auth::AuthFailure::kRequestExpired) {
          // S3: an expired presigned URL is AccessDenied, a skewed clock RequestTimeTooSkewed;
          // both 403 (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
          if (signature->form == auth::SignatureInfo::Form::kHeader) {
            throw AwsError("RequestTimeTooSkewed",
                           "The difference between the request time and the current time is too "
                           "large.",
                           403);
          }
          throw AwsError("AccessDenied", failure->message, 403);
        }
        throw AwsError(AuthCode(failure->failure, wire), failure->message,
                       AuthStatus(failure->failure));
      }
    }

    // Decode and validate from the model, then the provider.
    json::object input;
    switch (wire) {
      case Wire::kQuery: input = protocol::DecodeQueryInput(op->input, params); break;
      case Wire::kJson: input = protocol::DecodeJsonInput(op->input, request.body); break;
      case Wire::kRestXml: {
        std::string decoded;
        std::vector<HttpHeader> trailers;
        std::string_view body = request.body;
        const bool chunked =
            request.Header("Content-Encoding").find("aws-chunked") != std::string_view::npos ||
            StartsWith(request.Header("x-amz-content-sha256"), "STREAMING-");
        if (chunked) {
          if (!auth::DecodeAwsChunked(request.body, &decoded, &trailers) ||
              !DecodedLengthMatches(request, decoded.size())) {
            throw AwsError("IncompleteBody", "The request body terminated unexpectedly", 400);
          }
          body = decoded;
        }
        // Bound to the path with the bucket first; the body is passed separately, not copied.
        const HttpRequest routed{.method = request.method,
                                 .target = route.rest_path +
                                           (request.RawQuery().empty() ? "" : "?") +
                                           std::string(request.RawQuery()),
                                 .headers = request.headers,
                                 .body = {}};
        input = protocol::DecodeRestXmlInput(*op, routed, body);
        if (chunked && op->input) {
          ApplyAwsChunked(*op->input, decoded.size(), trailers, &input);
        }
        break;
      }
    }
    if (op->input) {
      protocol::ValidateInput(*model, *op->input, input);
    }
    const Handler* handler = FindHandler(outcome.service, op->name);
    if (!handler) {
      throw NotImplemented(model->service_id().empty() ? outcome.service : model->service_id(),
                           op->name);
    }
    const json::value output = (*handler)(ctx, input);

    switch (wire) {
      case Wire::kQuery:
        response.SetHeader("Content-Type", "text/xml");
        response.SetHeader("x-amzn-RequestId", outcome.request_id);
        response.body = protocol::EncodeQueryResponse(*model, *op, output, outcome.request_id);
        break;
      case Wire::kJson:
        response.SetHeader("Content-Type", model->json_version() == "1.0"
                                               ? "application/x-amz-json-1.0"
                                               : "application/x-amz-json-1.1");
        response.SetHeader("x-amzn-RequestId", outcome.request_id);
        response.body = protocol::EncodeJsonOutput(op->output, output);
        break;
      case Wire::kRestXml: {
        protocol::EncodeRestXmlOutput(*model, *op, output, &response);
        response.SetHeader("x-amz-request-id", S3RequestId(outcome.request_id));
        response.SetHeader("x-amz-id-2", Base64Encode(outcome.request_id));
        break;
      }
    }
  } catch (const ValidationFailure& failure) {
    EncodeError(model ? protocol::ValidationError(*model, failure.what())
                      : AwsError("ValidationError", failure.what(), 400),
                wire, model, request, outcome.request_id, &response);
  } catch (const AwsError& error) {
    EncodeError(error, wire, model, request, outcome.request_id, &response);
  } catch (const std::exception& e) {
    std::cerr << outcome.request_id << " " << outcome.service << "." << outcome.operation
              << " internal error: " << e.what() << std::endl;
    EncodeError(AwsError("InternalFailure",
                         "We encountered an internal error. Please try again.", 500),
                wire, model, request, outcome.request_id, &response);
  }
  return outcome;
}

}  // namespace nimbus::core
