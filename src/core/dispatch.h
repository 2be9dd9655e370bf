#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/auth/identity.h"
#include "core/auth/sigv4.h"
#include "core/clock.h"
#include "core/http/body_spool.h"
#include "core/http/message.h"
#include "core/ids.h"
#include "core/model/model.h"
#include "core/protocol/query.h"
#include "core/routing/router.h"
#include "core/service.h"
#include "core/service_client.h"

namespace nimbus::core {

struct DispatchConfig {
  std::string default_account = "000000000000";
  std::string default_region = "us-east-1";
  bool verify_signatures = false;  // --sigv4 verify
  // --self-check: every handler's output is checked against the operation's output shape, and
  // every error code it throws against the codes the operation lists (or the common errors); a
  // mismatch answers 500 InternalFailure naming it. The tests run with it on.
  bool self_check = false;
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
// Also the ServiceClient through which services call each other: the same validation and
// handlers, without the wire.
class Dispatcher final : public ServiceClient {
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
  // Serves every request whose path starts with `prefix` with `handler`, before AWS routing and
  // without SigV4: a URL that nimbus hands out and checks itself (a CloudFormation wait condition
  // handle's presigned URL), whose bucket-like first segment must not reach S3. The access log
  // names it `service`.`operation`. An exception from the handler answers 500.
  void AddPrefixRoute(std::string prefix, std::string service, std::string operation,
                      std::function<HttpResponse(const HttpRequest&)> handler);

  Outcome Handle(const HttpRequest& request) const;
  // Handle() for a server that keeps slow work off its I/O threads. Routes, authenticates and
  // decodes at once; for an operation registered as Cost::kSlow it stops there and sets *later to
  // the rest (the handler and the encoding of its answer), to be run once, on any thread, while
  // the Dispatcher lives. The Outcome returned then has only its ids and names. Any other request
  // is answered as Handle(request) answers it, and *later is left empty.
  Outcome Handle(const HttpRequest& request, std::function<Outcome()>* later) const;

  // For ServerOptions::spool: where the body of a request whose header `head` is goes, when its
  // operation's input payload is a streaming blob and its provider has a SpoolDir (S3 PutObject,
  // UploadPart); nullopt for any other request, including one that cannot be routed.
  std::optional<SpoolPlan> SpoolPlanFor(const HttpRequest& head) const;

  const DispatchConfig& config() const { return config_; }

 protected:
  boost::json::value Run(const Caller& caller, std::string_view region, std::string_view service,
                         std::string_view operation,
                         const boost::json::object& input) const override;

 private:
  // A request with its service model and operation found.
  struct Routed {
    routing::Route route;
    std::optional<auth::SignatureInfo> signature;
    auth::AuthError signature_error{};  // why `signature` is absent, if it was malformed
    protocol::QueryParams params;
    const model::ServiceModel* model = nullptr;
    const model::Operation* op = nullptr;
  };

  bool HandleAdmin(const HttpRequest& request, Outcome* outcome) const;
  bool HandlePrefixRoute(const HttpRequest& request, Outcome* outcome) const;
  // Why an admin route (reset, /_nimbus/ssm/...) must not run: a browser's cross-site request,
  // or under --sigv4 verify an unsigned or badly signed one. nullopt when it may run.
  std::optional<std::string> RefuseAdmin(const HttpRequest& request) const;
  // Finds service and operation, filling *routed and outcome's names as soon as each is known,
  // so that an error is answered in the request's protocol and logged under them. Throws
  // AwsError for what cannot be routed.
  void Route(const HttpRequest& request, Routed* routed, Outcome* outcome) const;
  // The caller and scope from the access key and credential scope; under --sigv4 verify, checks
  // the signature. Throws the protocol's authentication errors.
  RequestContext Authenticate(const HttpRequest& request, const Routed& routed,
                              const std::string& request_id) const;
  // Under --sigv4 verify: the key is known (with its session token, if any, and unexpired) and the
  // signature holds. Throws the protocol's authentication errors.
  void VerifyCaller(const HttpRequest& request, const auth::SignatureInfo* signature,
                    const std::optional<auth::KnownKey>& known, routing::Wire wire,
                    int64_t now_millis) const;
  boost::json::object Decode(const HttpRequest& request, const Routed& routed) const;
  // What both an HTTP request and an in-process call run: model validation, the handler, and in
  // self-check mode the checks of its answer. Throws AwsError (a provider's ValidationFailure
  // becomes the service's validation error). `handler`: the operation's, when the caller already
  // found it (FindHandler), else found here.
  boost::json::value Invoke(const RequestContext& ctx, const model::ServiceModel& model,
                            const model::Operation& op, const boost::json::object& input,
                            const Handler* handler = nullptr) const;
  void Encode(const Routed& routed, const boost::json::value& output,
              const std::string& request_id, HttpResponse* response) const;
  // Runs `step` and answers what it throws in the request's protocol.
  template <typename Step>
  void Guarded(const HttpRequest& request, const Routed& routed, Outcome* outcome,
               Step&& step) const;

  const Handler* FindHandler(std::string_view service, std::string_view operation,
                             Cost* cost = nullptr) const;
  std::optional<auth::KnownKey> FindKey(std::string_view access_key_id) const;

  DispatchConfig config_;
  const model::ModelRegistry& models_;
  const Clock& clock_;
  IdGenerator& ids_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Service>>> services_;
  std::vector<const auth::KeyDirectory*> directories_;
  std::function<void()> reset_;
  std::unordered_map<std::string, std::function<HttpResponse(const HttpRequest&)>> admin_routes_;
  struct PrefixRoute {
    std::string prefix;
    std::string service;
    std::string operation;
    std::function<HttpResponse(const HttpRequest&)> handler;
  };
  std::vector<PrefixRoute> prefix_routes_;
};

}  // namespace nimbus::core
