#include "core/http/message.h"

#include <unistd.h>

#include "core/text.h"

namespace nimbus::core {

SpooledBody::~SpooledBody() {
  if (!path.empty()) ::unlink(path.c_str());  // gone already if the handler renamed it
}

FileSlice::~FileSlice() {
  if (fd_ >= 0) ::close(fd_);
}

const std::string* HttpRequest::FindHeader(std::string_view name) const {
  for (const HttpHeader& header : headers) {
    if (EqualsIgnoreCase(header.name, name)) {
      return &header.value;
    }
  }
  return nullptr;
}

std::string_view HttpRequest::Header(std::string_view name) const {
  const std::string* value = FindHeader(name);
  return value ? std::string_view(*value) : std::string_view();
}

std::string HttpRequest::JoinedHeader(std::string_view name) const {
  std::string joined;
  bool first = true;
  for (const HttpHeader& header : headers) {
    if (EqualsIgnoreCase(header.name, name)) {
      if (!first) {
        joined.push_back(',');
      }
      joined.append(header.value);
      first = false;
    }
  }
  return joined;
}

std::string_view HttpRequest::RawPath() const {
  const std::string_view t(target);
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::RawQuery() const {
  const std::string_view t(target);
  const size_t q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

void HttpResponse::SetHeader(std::string_view name, std::string_view value) {
  for (HttpHeader& header : headers) {
    if (EqualsIgnoreCase(header.name, name)) {
      header.value = std::string(value);
      return;
    }
  }
  headers.push_back({std::string(name), std::string(value)});
}

std::string_view HttpResponse::Header(std::string_view name) const {
  for (const HttpHeader& header : headers) {
    if (EqualsIgnoreCase(header.name, name)) {
      return header.value;
    }
  }
  return {};
}

}  // namespace nimbus::core
