#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/request_context.h"

namespace nimbus::core {

// One operation's business logic: the decoded and validated input (a value tree keyed by the
// model's member names) in, the output value tree out, or an AwsError thrown. Handlers never see
// the wire; the codecs of the service's protocol do.
//
// Value conventions: strings and enums are strings; integers int64; doubles double; booleans
// bool; timestamps epoch seconds as a number (an ISO 8601 string is accepted on output); blobs
// base64 text, except a REST payload blob, which is the raw bytes; structures and maps objects;
// lists arrays.
using Handler =
    std::function<boost::json::value(const RequestContext& ctx, const boost::json::object& input)>;

// How long a handler may hold the thread it runs on. A quick one (the default: a lookup, a row
// written) runs on the I/O thread that read the request. A slow one (CPU-bound work of
// milliseconds to seconds, such as generating an RSA 4096 key) runs on the server's pool for slow
// work, so that the other connections of that I/O thread are not kept waiting.
enum class Cost { kQuick, kSlow };

// A service provider: one handler per implemented operation, registered by name in the
// constructor. Operations of the model without a handler answer NotImplemented (501).
//
//   KmsProvider::KmsProvider(...) { Register("CreateKey", &KmsProvider::CreateKey, Cost::kSlow); }
class Service {
 public:
  virtual ~Service() = default;
  // The models/ folder name: "sts", "sso-admin".
  virtual std::string_view Name() const = 0;
  // The folder where the server may write the body of a request for this provider whose input
  // payload is a streaming blob (HttpRequest::spooled, S3 PutObject), so that the provider can
  // rename it into place. "" (the default): such bodies come in memory.
  virtual std::string SpoolDir() const { return ""; }
  // What sees such a body as the server writes it (SpooledBody::observer), chosen from the
  // request's header; nullptr (the default): nothing.
  virtual std::shared_ptr<BodyObserver> SpoolObserver(const HttpRequest& /*head*/) const {
    return nullptr;
  }

  // The handler of `operation` (nullptr if this provider has none) and, if `cost` is given, the
  // cost it was registered with.
  const Handler* Find(std::string_view operation, Cost* cost = nullptr) const;
  std::vector<std::string> Operations() const;

 protected:
  // Registers a member function of the provider `P` (the class that calls this) as the handler
  // of `operation`, spelled as in the model.
  template <typename P>
  void Register(std::string operation,
                boost::json::value (P::*method)(const RequestContext&, const boost::json::object&),
                Cost cost = Cost::kQuick) {
    P* provider = static_cast<P*>(this);
    Register(std::move(operation),
             Handler([provider, method](const RequestContext& ctx, const boost::json::object& in) {
               return (provider->*method)(ctx, in);
             }),
             cost);
  }
  void Register(std::string operation, Handler handler, Cost cost = Cost::kQuick);

 private:
  struct Entry {
    Handler handler;
    Cost cost = Cost::kQuick;
  };
  std::unordered_map<std::string, Entry> handlers_;
};

}  // namespace nimbus::core
