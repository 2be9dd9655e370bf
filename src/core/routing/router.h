#pragma once

#include <string>
#include <string_view>

#include "core/auth/sigv4.h"
#include "core/http/message.h"
#include "core/model/model.h"
#include "core/protocol/query.h"

namespace nimbus::core::routing {

enum class Wire { kQuery, kJson, kRestXml };

// Which service and operation a request is for (PROTOCOLS.md section 8).
struct Route {
  Wire wire = Wire::kRestXml;
  const model::ServiceInfo* service = nullptr;  // null: a service nimbus does not emulate
  std::string requested_service;  // what the request named (target prefix, scope, Version)
  std::string operation;          // Action= or X-Amz-Target suffix; REST: matched later
  std::string json_version;       // "1.0" or "1.1" from Content-Type
  std::string rest_path;          // REST: raw path with the bucket first (virtual host undone)
};

// Decides the route from X-Amz-Target, the Query Action/Version (form body merged over the URL
// query, passed in as `params`), the SigV4 scope, and S3 paths or virtual hosts.
Route RouteRequest(const HttpRequest& request, const auth::SignatureInfo* signature,
                   const protocol::QueryParams& params);

// True if `request` carries a form body or query string with Action= (AWS Query).
bool IsFormRequest(const HttpRequest& request);

}  // namespace nimbus::core::routing
