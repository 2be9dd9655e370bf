#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/http/message.h"

namespace nimbus::core {

// Where a resource lives: every stored row is keyed by account and (for regional services) region.
struct Scope {
  std::string account;
  std::string region;
};

// Who is calling, as derived from the access key id (see auth/identity.h).
struct Caller {
  std::string access_key_id;  // "" for unsigned requests
  std::string account;
  std::string arn;            // arn:aws:iam::<acct>:root, ...:user/<name>, ...:assumed-role/<r>/<s>
  std::string user_id;        // the account id for root, AIDA..., AROA...:<session>
  bool temporary = false;     // issued by nimbus STS (session token attached)
  // The AWS service that makes this call on the caller's behalf, as IAM's aws:CalledVia names it
  // ("cloudformation.amazonaws.com"); "" for a call the client made itself. A service may allow
  // such a call what it refuses a client: CloudFormation's aws:cloudformation:* tags.
  std::string called_via{};
};

// Everything a provider may know about the request besides its input.
struct RequestContext {
  std::string request_id;
  std::string service;    // model name: "sts", "sso-admin", ...
  std::string operation;  // "GetCallerIdentity"
  Scope scope;
  Caller caller;
  int64_t now_millis = 0;
  const HttpRequest* http = nullptr;  // the raw request; null in unit tests
  // A handler of an HTTP request (`http` set) may answer its payload from a file instead of the
  // output's payload member (S3 GetObject): the server sends it in pieces. The only member a
  // handler writes.
  mutable std::shared_ptr<const FileSlice> response_file{};
};

}  // namespace nimbus::core
