#pragma once

#include <cstdint>
#include <string>

#include "core/http/message.h"

namespace nimbus::test {

// How a test signs a request with SigV4 headers: the SDKs' way (content-type, host, x-amz-date,
// then x-amz-content-sha256, x-amz-security-token and x-amz-target when present) unless a field
// says otherwise. The key pair defaults to the AWS documentation example.
struct Signing {
  std::string key = "AKIAIOSFODNN7EXAMPLE";
  std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  std::string service = "sts";
  std::string region = "us-east-1";
  std::string session_token;
  bool sign_host = true;
};

// "20260517T064000Z" for `millis`.
std::string AmzDate(int64_t millis);

// Adds X-Amz-Date (and X-Amz-Security-Token) and the Authorization header to `request`.
void SignV4(core::HttpRequest* request, int64_t now_millis, const Signing& how = {});

}  // namespace nimbus::test
