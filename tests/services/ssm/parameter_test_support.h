#pragma once

#include <boost/json/parse.hpp>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "services/kms/key_service.h"
#include "services/runtime.h"
#include "store/database.h"
#include "store/scheduler.h"

namespace nimbus::ssm::testing {

// A KeyService that "encrypts" reversibly and remembers which keys exist and are enabled, so
// the Parameter Store tests do not depend on the KMS provider.
class FakeKeyService final : public kms::KeyService {
 public:
  std::set<std::string> keys = {"1234abcd-12ab-34cd-56ef-1234567890ab", "alias/app"};
  std::set<std::string> disabled;
  std::map<std::string, std::string> last_context;

  std::optional<KeyInfo> FindKey(const core::RequestContext&, std::string_view ref) override {
    if (!keys.count(std::string(ref))) return std::nullopt;
    return KeyInfo{.key_id = std::string(ref),
                   .arn = "arn:aws:kms:us-east-1:111122223333:key/" + std::string(ref),
                   .state = disabled.count(std::string(ref)) ? "Disabled" : "Enabled",
                   .manager = "CUSTOMER",
                   .key_usage = "ENCRYPT_DECRYPT",
                   .key_spec = "SYMMETRIC_DEFAULT"};
  }

  std::string Encrypt(const core::RequestContext&, std::string_view ref, std::string_view plain,
                      const std::map<std::string, std::string>& context) override {
    const std::string key(ref);
    if (key != "alias/aws/ssm" && !keys.count(key)) {
      throw core::AwsError("NotFoundException", "Key '" + key + "' does not exist");
    }
    if (disabled.count(key)) throw core::AwsError("DisabledException", key + " is disabled.");
    last_context = context;
    std::string reversed(plain.rbegin(), plain.rend());
    return "CIPHER|" + key + "|" + reversed;
  }

  std::string Decrypt(const core::RequestContext&, std::string_view blob,
                      const std::map<std::string, std::string>& context,
                      std::string* key_arn) override {
    const std::string text(blob);
    const size_t bar = text.find('|', 7);
    if (text.rfind("CIPHER|", 0) != 0 || bar == std::string::npos) {
      throw core::AwsError("InvalidCiphertextException", "");
    }
    const std::string key = text.substr(7, bar - 7);
    if (disabled.count(key)) throw core::AwsError("DisabledException", key + " is disabled.");
    if (context.count("PARAMETER_ARN") == 0) {
      throw core::AwsError("InvalidCiphertextException", "");
    }
    if (key_arn) *key_arn = key;
    const std::string reversed = text.substr(bar + 1);
    return std::string(reversed.rbegin(), reversed.rend());
  }
};

// An in-memory runtime with a fixed clock and ids.
struct TestRuntime {
  store::Database db;
  core::FakeClock clock;
  core::IdGenerator ids{42};
  store::Scheduler scheduler{db, clock};
  Runtime rt{db, clock, ids, scheduler, {}};
};

inline boost::json::object Json(std::string_view text) {
  return boost::json::parse(text).as_object();
}

inline core::RequestContext Context(const core::Clock& clock, std::string account = "111122223333",
                                    std::string region = "us-east-1") {
  core::RequestContext ctx;
  ctx.request_id = "req-1";
  ctx.service = "ssm";
  ctx.scope = {account, region};
  ctx.caller.account = account;
  ctx.caller.arn = "arn:aws:iam::" + account + ":user/alice";
  ctx.now_millis = clock.NowMillis();
  return ctx;
}

// The AWS error code `call` throws ("ValidationException" for a validation failure), or "".
inline std::string ErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const core::AwsError& error) {
    return error.code();
  } catch (const core::ValidationFailure&) {
    return "ValidationException";
  }
  return "";
}

// The message of the error `call` throws, or "".
inline std::string MessageOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

}  // namespace nimbus::ssm::testing
