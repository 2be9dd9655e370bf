#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/request_context.h"

namespace nimbus::core::auth {

// A key nimbus can resolve: configured in a credentials file or issued by nimbus STS.
struct KnownKey {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials only
  std::string account;
  std::string arn;
  std::string user_id;
  int64_t expires_millis = 0;  // 0: never
};

// Where keys are looked up. Implemented by the STS store (issued keys) and StaticKeys.
class KeyDirectory {
 public:
  virtual ~KeyDirectory() = default;
  virtual std::optional<KnownKey> FindKey(std::string_view access_key_id) const = 0;
};

// Keys from a credentials file in the AWS shared-credentials format; each profile may add
// `account_id` (default: the default account) and `user_name` (default: the root user):
//   [ci]
//   aws_access_key_id = AKIAEXAMPLE
//   aws_secret_access_key = secret
//   account_id = 123456789012
class StaticKeys final : public KeyDirectory {
 public:
  // Parses the file's text. Throws std::runtime_error naming the line on a malformed file.
  static StaticKeys Parse(std::string_view text, std::string_view default_account);
  std::optional<KnownKey> FindKey(std::string_view access_key_id) const override;
  size_t size() const { return keys_.size(); }

 private:
  std::map<std::string, KnownKey, std::less<>> keys_;
};

// The caller of a request: a 12-digit key id is that account's root; a known key is what the
// directory says; anything else is the root of `default_account`. The caller's ARN is in the
// partition of `region`, the region the request is for (arn:aws-cn:iam::... in cn-north-1).
Caller ResolveCaller(std::string_view access_key_id, const std::optional<KnownKey>& known,
                     std::string_view default_account, std::string_view region);

// "arn:<partition of region>:iam::<account>:root".
std::string RootArn(std::string_view account, std::string_view region);

}  // namespace nimbus::core::auth
