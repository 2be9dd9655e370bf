#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nimbus::core {

struct HttpHeader {
  std::string name;
  std::string value;
};

// One HTTP request as the server read it: HTTP chunking already removed, anything else (such as
// S3's aws-chunked framing) still in the body.
struct HttpRequest {
  std::string method;  // "POST"
  std::string target;  // the raw request-target, "/bucket/key?x-id=PutObject"
  std::vector<HttpHeader> headers;
  std::string body;

  // The first header of that name (case-insensitive), or nullptr.
  const std::string* FindHeader(std::string_view name) const;
  // The value of that header, or "" if absent.
  std::string_view Header(std::string_view name) const;
  // Every value of that header joined with ",", as SigV4 canonicalisation wants.
  std::string JoinedHeader(std::string_view name) const;
  // The target before '?', still percent-encoded.
  std::string_view RawPath() const;
  // The target after '?', or "".
  std::string_view RawQuery() const;
};

struct HttpResponse {
  int status = 200;
  std::vector<HttpHeader> headers;
  std::string body;

  // Replaces a header of that name (case-insensitive) or adds it.
  void SetHeader(std::string_view name, std::string_view value);
  std::string_view Header(std::string_view name) const;
};

}  // namespace nimbus::core
