#include "core/dispatch.h"

#include <cctype>
#include <iostream>

#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/json_codec.h"
#include "core/protocol/rest_xml.h"
#include "core/protocol/validate.h"
#include "core/self_check.h"
#include "core/text.h"

namespace nimbus::core {

namespace json = boost::json;
using routing::Wire;

namespace {

// S3 request ids are 16 uppercase hex characters; ours are the first 16 of the request's UUID.
std::string S3RequestId(const std::string& uuid) {
  std::string id;
  for (const char c : uuid) {
    if (c != '-' && id.size() < 16) id.push_back(static_cast<char>(std::toupper(c)));
  }
  return id;
}

// A name the client chose (an unknown Action or X-Amz-Target operation, a credential scope's
// service) as Outcome shows it to the access log: at most 64 bytes, percent-encoded outside
// RFC 3986's unreserved characters, so that a request cannot end its log line early or forge
// another ("Action=Get%0A<a whole line>").
std::string LoggedName(std::string_view name) { return UriEncode(name.substr(0, 64)); }

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
      protocol::SetRestXmlErrorHeaders(shape, error, response);
      // HEAD answers, and 304 Not Modified (a GetObject condition), have no body.
      if (request.method != "HEAD" && status != 304) {
        response->SetHeader("Content-Type", "application/xml");
        response->body = protocol::EncodeRestXmlError(shape, code, error, s3_id,
                                                      Base64Encode(request_id));
      }
      break;
    }
  }
}

// Whether the body is framed as aws-chunked (S3 streaming uploads).
bool AwsChunkedBody(const HttpRequest& request) {
  return request.Header("Content-Encoding").find("aws-chunked") != std::string_view::npos ||
         StartsWith(request.Header("x-amz-content-sha256"), "STREAMING-");
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

// A Query request is routed by its credential scope; when its Version and Action are another
// service's, it was signed for the wrong service (a signature replayed elsewhere, or a client that
// scoped it wrongly). Under --sigv4 verify that is the 403 AWS gives a wrong scope, as for the
// JSON services (dispatch_auth.cc).
void RefuseScopeOfAnotherService(const model::ModelRegistry& models,
                                 const protocol::QueryParams& params, std::string_view routed_to,
                                 std::string_view action) {
  const auto version = params.find("Version");
  if (version == params.end()) return;
  const model::ServiceInfo* meant = model::ModelRegistry::FindByApiVersion(version->second);
  if (!meant || meant->name == routed_to || !models.Get(meant->name).FindOperation(action)) {
    return;
  }
  throw AwsError("SignatureDoesNotMatch",
                 "Credential should be scoped to correct service: '" +
                     models.Get(meant->name).signing_name() + "'. ",
                 403);
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

void Dispatcher::SetResetHook(std::function<void()> reset) { reset_ = std::move(reset); }

void Dispatcher::AddAdminRoute(std::string path,
                               std::function<HttpResponse(const HttpRequest&)> handler) {
  admin_routes_[std::move(path)] = std::move(handler);
}

const Handler* Dispatcher::FindHandler(std::string_view service, std::string_view operation,
                                       Cost* cost) const {
  auto it = services_.find(std::string(service));
  if (it == services_.end()) {
    return nullptr;
  }
  for (const std::unique_ptr<Service>& provider : it->second) {
    if (const Handler* handler = provider->Find(operation, cost)) {
      return handler;
    }
  }
  return nullptr;
}

template <typename Step>
void Dispatcher::Guarded(const HttpRequest& request, const Routed& routed, Outcome* outcome,
                         Step&& step) const {
  try {
    step();
  } catch (const AwsError& error) {
    EncodeError(error, routed.route.wire, routed.model, request, outcome->request_id,
                &outcome->response);
  } catch (const ValidationFailure& failure) {  // a decoder's: a number that is not one
    EncodeError(routed.model ? protocol::ValidationError(*routed.model, failure.what())
                             : AwsError("ValidationError", failure.what(), 400),
                routed.route.wire, routed.model, request, outcome->request_id, &outcome->response);
  } catch (const std::exception& e) {
    std::cerr << outcome->request_id << " " << outcome->service << "." << outcome->operation
              << " internal error: " << e.what() << std::endl;
    EncodeError(AwsError("InternalFailure", "We encountered an internal error. Please try again.",
                         500),
                routed.route.wire, routed.model, request, outcome->request_id, &outcome->response);
  }
}

std::optional<SpoolPlan> Dispatcher::SpoolPlanFor(const HttpRequest& head) const {
  // Every operation of the emulated models whose input payload is a streaming blob is a PUT
  // (S3 PutObject, UploadPart): any other request is not routed twice.
  if (head.method != "PUT") return std::nullopt;
  // nimbus's own paths (a wait condition handle's presigned URL, the admin routes) take their
  // body as bytes, although S3's routing would read them as a bucket and a key.
  const std::string_view path = head.RawPath();
  for (const PrefixRoute& route : prefix_routes_) {
    if (StartsWith(path, route.prefix)) return std::nullopt;
  }
  if (admin_routes_.contains(std::string(path)) || StartsWith(path, "/_nimbus/") ||
      StartsWith(path, "/_localstack/") || StartsWith(path, "/moto-api/")) {
    return std::nullopt;
  }
  Routed routed;
  Outcome ignored;
  try {
    Route(head, &routed, &ignored);
  } catch (const AwsError&) {
    return std::nullopt;  // answered once the body is read, as any request
  }
  const model::Shape* input = routed.op->input;
  const model::MemberRef* payload = input ? input->FindMember(input->payload) : nullptr;
  if (!payload || !payload->shape || payload->shape->type != model::ShapeType::kBlob ||
      !(payload->streaming || payload->shape->streaming)) {
    return std::nullopt;
  }
  auto it = services_.find(std::string(routed.model->name()));
  if (it == services_.end()) return std::nullopt;
  for (const std::unique_ptr<Service>& provider : it->second) {
    if (!provider->Find(routed.op->name)) continue;
    SpoolPlan plan{.dir = provider->SpoolDir()};
    if (plan.dir.empty()) return std::nullopt;
    const std::string_view hash = head.Header("x-amz-content-sha256");
    plan.aws_chunked = AwsChunkedBody(head);
    // Only what --sigv4 verify will check is hashed: a signed payload's digest, or its chunks'.
    plan.hash_sent = config_.verify_signatures && !StartsWith(hash, "STREAMING-") &&
                     hash != "UNSIGNED-PAYLOAD";
    plan.hash_chunks =
        config_.verify_signatures && StartsWith(hash, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    plan.observer = provider->SpoolObserver(head);
    return plan;
  }
  return std::nullopt;
}

Outcome Dispatcher::Handle(const HttpRequest& request) const { return Handle(request, nullptr); }

Outcome Dispatcher::Handle(const HttpRequest& request, std::function<Outcome()>* later) const {
  Outcome outcome;
  outcome.request_id = ids_.Uuid();
  outcome.service = "-";
  outcome.operation = "-";
  if (HandleAdmin(request, &outcome) || HandlePrefixRoute(request, &outcome)) {
    return outcome;
  }
  // Filled step by step, so that an error is answered in the protocol found so far.
  Routed routed;
  Guarded(request, routed, &outcome, [&] {
    Route(request, &routed, &outcome);
    RequestContext ctx = Authenticate(request, routed, outcome.request_id);
    json::object input = Decode(request, routed);
    Cost cost = Cost::kQuick;
    const Handler* handler = FindHandler(ctx.service, routed.op->name, &cost);
    if (later && handler && cost == Cost::kSlow) {
      // The rest owns copies of what it reads: the request's buffers go on to the next request.
      *later = [this, request, routed, ctx = std::move(ctx), input = std::move(input), outcome,
                handler]() mutable {
        ctx.http = &request;  // the copy: the server's request is gone by now
        Guarded(request, routed, &outcome, [&] {
          const json::value output = Invoke(ctx, *routed.model, *routed.op, input, handler);
          Encode(routed, output, outcome.request_id, &outcome.response);
          outcome.response.file = std::move(ctx.response_file);
        });
        return std::move(outcome);
      };
      return;
    }
    const json::value output = Invoke(ctx, *routed.model, *routed.op, input, handler);
    Encode(routed, output, outcome.request_id, &outcome.response);
    outcome.response.file = std::move(ctx.response_file);
  });
  return outcome;
}

void Dispatcher::Route(const HttpRequest& request, Routed* out, Outcome* outcome) const {
  Routed& routed = *out;
  // Signature first: routing needs its credential scope.
  routed.signature = auth::ParseSignature(request, &routed.signature_error);
  const bool form = routing::IsFormRequest(request);
  if (!protocol::ParseQueryString(request.RawQuery(), &routed.params) ||
      (form && request.method == "POST" &&
       !protocol::ParseQueryString(request.body, &routed.params))) {
    throw AwsError("MalformedQueryString", "The query string is malformed.", 400);
  }
  routed.route = routing::RouteRequest(request, routed.signature ? &*routed.signature : nullptr,
                                       routed.params);
  const routing::Route& route = routed.route;
  const Wire wire = route.wire;
  if (!route.service) {
    outcome->service = route.requested_service.empty() ? "-" : LoggedName(route.requested_service);
    outcome->operation = route.operation.empty() ? "-" : LoggedName(route.operation);
    const std::string what = "nimbus does not emulate the service '" + outcome->service +
                             "' (operation " + outcome->operation + ")";
    throw AwsError(wire == Wire::kJson ? "UnknownOperationException" : "InvalidAction", what,
                   400);
  }
  outcome->service = std::string(route.service->name);
  routed.model = &models_.Get(route.service->name);
  routed.op = wire == Wire::kRestXml
                  ? protocol::MatchRestOperation(*routed.model, request.method, route.rest_path,
                                                 request.RawQuery(), &request.headers)
                  : routed.model->FindOperation(route.operation);
  if (!routed.op) {
    outcome->operation = route.operation.empty() ? "-" : LoggedName(route.operation);
    if (wire == Wire::kQuery) {
      if (route.operation.empty()) throw AwsError("MissingAction", "Missing Action", 400);
      if (config_.verify_signatures && routed.signature) {
        RefuseScopeOfAnotherService(models_, routed.params, route.service->name, route.operation);
      }
      throw AwsError("InvalidAction",
                     "The action " + route.operation + " is not valid for this web service.",
                     400);
    }
    if (wire == Wire::kJson) throw AwsError("UnknownOperationException", "", 400);
    throw AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.",
                   405);
  }
  outcome->operation = routed.op->name;
}

json::object Dispatcher::Decode(const HttpRequest& request, const Routed& routed) const {
  const Wire wire = routed.route.wire;
  const routing::Route& route = routed.route;
  const model::Operation* op = routed.op;
  const protocol::QueryParams& params = routed.params;
  json::object input;
  switch (wire) {
    case Wire::kQuery: input = protocol::DecodeQueryInput(op->input, params); break;
    case Wire::kJson: input = protocol::DecodeJsonInput(op->input, request.body); break;
    case Wire::kRestXml: {
      std::string decoded;
      std::vector<HttpHeader> trailers;
      std::string_view body = request.body;
      const bool chunked = AwsChunkedBody(request);
      size_t decoded_size = 0;
      if (chunked && request.spooled) {  // the server removed the framing as the body came
        decoded_size = static_cast<size_t>(request.spooled->size);
        trailers = request.spooled->trailers;
        if (!DecodedLengthMatches(request, decoded_size)) {
          throw AwsError("IncompleteBody", "The request body terminated unexpectedly", 400);
        }
      } else if (chunked) {
        if (!auth::DecodeAwsChunked(request.body, &decoded, &trailers) ||
            !DecodedLengthMatches(request, decoded.size())) {
          throw AwsError("IncompleteBody", "The request body terminated unexpectedly", 400);
        }
        body = decoded;
        decoded_size = decoded.size();
      }
      // Bound to the path with the bucket first; the body is passed separately, not copied.
      const HttpRequest bound{.method = request.method,
                               .target = route.rest_path +
                                         (request.RawQuery().empty() ? "" : "?") +
                                         std::string(request.RawQuery()),
                               .headers = request.headers,
                               .body = {}};
      input = protocol::DecodeRestXmlInput(*op, bound, body);
      if (chunked && op->input) {
        ApplyAwsChunked(*op->input, decoded_size, trailers, &input);
      }
      break;
    }
  }
  return input;
}

json::value Dispatcher::Invoke(const RequestContext& ctx, const model::ServiceModel& model,
                               const model::Operation& op, const json::object& input,
                               const Handler* handler) const {
  if (op.input) {
    protocol::ValidateInput(model, *op.input, input);
  }
  if (!handler) handler = FindHandler(ctx.service, op.name);
  if (!handler) {
    throw NotImplemented(model.service_id().empty() ? ctx.service : model.service_id(), op.name);
  }
  // Initialized, not assigned: assignment would copy the whole answer out of the memory
  // resource a handler built it in (SSM's node pages use one arena per answer).
  json::value output = [&] {
    try {
      return (*handler)(ctx, input);
    } catch (const ValidationFailure& failure) {
      throw protocol::ValidationError(model, failure.what());
    } catch (const AwsError& error) {
      if (config_.self_check && !self_check::ErrorAllowed(model, op, error)) {
        throw AwsError("InternalFailure",
                       "nimbus self-check: " + ctx.service + "." + op.name + " threw " +
                           error.code() + ", which the operation does not list (" + error.what() +
                           ")",
                       500);
      }
      throw;
    }
  }();
  if (config_.self_check) {
    if (auto problem = self_check::OutputProblem(op.output, output)) {
      throw AwsError("InternalFailure",
                     "nimbus self-check: " + ctx.service + "." + op.name + " answered " + *problem,
                     500);
    }
  }
  return output;
}

void Dispatcher::Encode(const Routed& routed, const json::value& output,
                        const std::string& request_id, HttpResponse* response) const {
  const model::ServiceModel& model = *routed.model;
  const model::Operation& op = *routed.op;
  switch (routed.route.wire) {
    case Wire::kQuery:
      response->SetHeader("Content-Type", "text/xml");
      response->SetHeader("x-amzn-RequestId", request_id);
      response->body = protocol::EncodeQueryResponse(model, op, output, request_id);
      break;
    case Wire::kJson:
      response->SetHeader("Content-Type", model.json_version() == "1.0"
                                              ? "application/x-amz-json-1.0"
                                              : "application/x-amz-json-1.1");
      response->SetHeader("x-amzn-RequestId", request_id);
      response->body = protocol::EncodeJsonOutput(op.output, output);
      break;
    case Wire::kRestXml:
      protocol::EncodeRestXmlOutput(model, op, output, response);
      response->SetHeader("x-amz-request-id", S3RequestId(request_id));
      response->SetHeader("x-amz-id-2", Base64Encode(request_id));
      break;
  }
}

json::value Dispatcher::Run(const Caller& caller, std::string_view region,
                            std::string_view service, std::string_view operation,
                            const json::object& input) const {
  const model::ServiceInfo* info = model::ModelRegistry::FindByName(service);
  if (!info) {
    throw AwsError("InvalidAction",
                   "nimbus does not emulate the service '" + std::string(service) + "'", 400);
  }
  const model::ServiceModel& model = models_.Get(info->name);
  const model::Operation* op = model.FindOperation(operation);
  if (!op) {
    throw AwsError(model.protocol() == "json" ? "UnknownOperationException" : "InvalidAction",
                   "The action " + std::string(operation) + " is not valid for this web service.",
                   400);
  }
  RequestContext ctx;
  ctx.request_id = ids_.Uuid();
  ctx.service = model.name();
  ctx.operation = op->name;
  ctx.caller = caller;
  ctx.scope.account = caller.account;
  ctx.scope.region =
      info->global ? PartitionOf(region).implicit_global_region : std::string(region);
  ctx.now_millis = clock_.NowMillis();
  return Invoke(ctx, model, *op, input);
}

}  // namespace nimbus::core
