#include "core/dispatch.h"

#include <boost/json/serialize.hpp>
#include <string>

// nimbus's own endpoints: health, reset, and the admin routes services add.
namespace nimbus::core {

namespace json = boost::json;

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

}  // namespace nimbus::core
