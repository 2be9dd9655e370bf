#include "core/dispatch.h"

#include <boost/json/serialize.hpp>
#include <iostream>
#include <string>

#include "core/aws_error.h"
#include "core/text.h"

// nimbus's own endpoints: health, reset, and the admin routes services add.
namespace nimbus::core {

namespace json = boost::json;

namespace {

// True when a browser sent `request` on behalf of a page that nimbus did not serve. Browsers add
// Origin to every cross-origin POST (a text/plain one needs no preflight) and Sec-Fetch-Site to
// every request; tools send neither, so a request without them is a tool's.
bool FromAnotherSite(const HttpRequest& request) {
  if (const std::string* origin = request.FindHeader("Origin")) {
    if (!EqualsIgnoreCase(*origin, "http://" + std::string(request.Header("Host")))) return true;
  }
  if (const std::string* site = request.FindHeader("Sec-Fetch-Site")) {
    if (!EqualsIgnoreCase(*site, "same-origin") && !EqualsIgnoreCase(*site, "none")) return true;
  }
  return false;
}

HttpResponse Forbidden(std::string_view why) {
  HttpResponse response;
  response.status = 403;
  response.SetHeader("Content-Type", "application/json");
  response.body = json::serialize(json::object{{"error", why}});
  return response;
}

}  // namespace

std::optional<std::string> Dispatcher::RefuseAdmin(const HttpRequest& request) const {
  if (FromAnotherSite(request)) {
    return "nimbus's own endpoints refuse requests from other web sites (Origin or "
           "Sec-Fetch-Site)";
  }
  if (!config_.verify_signatures) return std::nullopt;
  auth::AuthError parse_error{};
  const std::optional<auth::SignatureInfo> signature = auth::ParseSignature(request, &parse_error);
  if (!signature && !parse_error.message.empty()) return parse_error.message;
  try {
    VerifyCaller(request, signature ? &*signature : nullptr,
                 signature ? FindKey(signature->access_key_id) : std::nullopt,
                 routing::Wire::kJson, clock_.NowMillis());
  } catch (const AwsError& error) {
    return error.code() + ": " + error.what();
  }
  return std::nullopt;
}

void Dispatcher::AddPrefixRoute(std::string prefix, std::string service, std::string operation,
                                std::function<HttpResponse(const HttpRequest&)> handler) {
  prefix_routes_.push_back({.prefix = std::move(prefix),
                            .service = std::move(service),
                            .operation = std::move(operation),
                            .handler = std::move(handler)});
}

bool Dispatcher::HandlePrefixRoute(const HttpRequest& request, Outcome* outcome) const {
  const std::string_view path = request.RawPath();
  for (const PrefixRoute& route : prefix_routes_) {
    if (!StartsWith(path, route.prefix)) continue;
    outcome->service = route.service;
    outcome->operation = route.operation;
    try {
      outcome->response = route.handler(request);
    } catch (const std::exception& e) {
      std::cerr << outcome->request_id << " " << route.service << "." << route.operation
                << " internal error: " << e.what() << std::endl;
      outcome->response = HttpResponse{};
      outcome->response.status = 500;
      outcome->response.SetHeader("Content-Type", "application/json");
      outcome->response.body = json::serialize(json::object{{"error", e.what()}});
    }
    return true;
  }
  return false;
}

bool Dispatcher::HandleAdmin(const HttpRequest& request, Outcome* outcome) const {
  const std::string_view path = request.RawPath();
  const bool health = path == "/_nimbus/health" || path == "/_localstack/health";
  const bool reset = path == "/_nimbus/reset" || path == "/moto-api/reset";
  if (auto route = admin_routes_.find(std::string(path)); route != admin_routes_.end()) {
    outcome->service = "nimbus";
    outcome->operation = std::string(path.substr(path.rfind('/') + 1));
    if (std::optional<std::string> why = RefuseAdmin(request)) {
      outcome->response = Forbidden(*why);
      return true;
    }
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
    if (std::optional<std::string> why = RefuseAdmin(request)) {
      response = Forbidden(*why);
      return true;
    }
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

}  // namespace nimbus::core
