#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/auth/identity.h"
#include "core/clock.h"
#include "core/http/message.h"
#include "core/ids.h"
#include "core/model/model.h"
#include "core/service.h"

namespace nimbus::core {

struct DispatchConfig {
  std::string default_account = "000000000000";
  std::string default_region = "us-east-1";
  bool verify_signatures = false;  // --sigv4 verify
};

// What Handle() did, for the access log.
struct Outcome {
  HttpResponse response;
  std::string request_id;
  std::string service;    // "sts", or "-" when unknown
  std::string operation;  // "GetCallerIdentity", or "-"
};

// Request -> Response, without sockets: route, authenticate, decode and validate from the model,
// call the provider, encode the result or the error in the request's protocol. Never throws.
class Dispatcher {
 public:
  Dispatcher(DispatchConfig config, const model::ModelRegistry& models, const Clock& clock,
             IdGenerator& ids);

  // Takes a provider; its Name() must be a models/ service. A service may be served by several
  // providers (SSM parameters and SSM managed nodes); the first that has the operation answers.
  void AddService(std::unique_ptr<Service> service);
  // Key lookups, asked in order (credentials file, then keys issued by STS).
  void AddKeyDirectory(const auth::KeyDirectory* directory);
  // What POST /_nimbus/reset runs (wipes all state).
  void SetResetHook(std::function<void()> reset);
  // Serves `path` (exact match, any method) under /_nimbus/ with `handler`: test helpers of a
  // service, such as loading an SSM fleet. An exception from the handler answers 500.
  void AddAdminRoute(std::string path, std::function<HttpResponse(const HttpRequest&)> handler);

  Outcome Handle(const HttpRequest& request) const;
  // The handler of service.operation, or null if no provider implements it.
  const Handler* FindHandler(const std::string& service, const std::string& operation) const;

  const DispatchConfig& config() const { return config_; }

 private:
  bool HandleAdmin(const HttpRequest& request, Outcome* outcome) const;
  std::optional<auth::KnownKey> FindKey(std::string_view access_key_id) const;

  DispatchConfig config_;
  const model::ModelRegistry& models_;
  const Clock& clock_;
  IdGenerator& ids_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Service>>> services_;
  std::vector<const auth::KeyDirectory*> directories_;
  std::function<void()> reset_;
  std::unordered_map<std::string, std::function<HttpResponse(const HttpRequest&)>> admin_routes_;
};

}  // namespace nimbus::core
