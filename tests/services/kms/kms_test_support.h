#pragma once

#include <string>
#include <string_view>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/text.h"
#include "testing/provider_test_support.h"
#include "testing/runtime.h"

// The fixture of the KMS provider tests: every call goes through the dispatcher (model
// validation, self-check of outputs and error codes), as the caller of ctx_.
namespace nimbus::kms::testing {

inline constexpr int64_t kDay = 86'400'000;

inline std::string B64(std::string_view bytes) { return core::Base64Encode(bytes); }

inline std::string Unb64(const boost::json::value& v) {
  std::string out;
  EXPECT_TRUE(core::Base64Decode(std::string(v.as_string()), &out));
  return out;
}

using test::ErrorOf;

class KmsTest : public ::testing::Test {
 protected:
  boost::json::value Call(std::string_view operation, const boost::json::object& in = {}) {
    return rt_.Call(ctx_, "kms", operation, in);
  }
  boost::json::object NewKey(std::string_view extra = "") {
    const std::string body = extra.empty() ? "{}" : std::string(extra);
    return Call("CreateKey", test::Json(body)).at("KeyMetadata").as_object();
  }
  std::string NewKeyId() { return std::string(NewKey().at("KeyId").as_string()); }
  std::string ArnOf(std::string_view key_id) {
    return "arn:aws:kms:us-east-1:111122223333:key/" + std::string(key_id);
  }
  boost::json::object Describe(const std::string& key) {
    return Call("DescribeKey", {{"KeyId", key}}).at("KeyMetadata").as_object();
  }
  boost::json::object Encrypt(const std::string& key, std::string_view plaintext,
                              std::string_view context = "{}") {
    return Call("Encrypt", {{"KeyId", key},
                            {"Plaintext", B64(plaintext)},
                            {"EncryptionContext", boost::json::parse(context)}})
        .as_object();
  }
  boost::json::object Decrypt(const boost::json::value& blob, std::string_view context = "{}",
                              std::string_view key = "") {
    boost::json::object in{{"CiphertextBlob", blob},
                           {"EncryptionContext", boost::json::parse(context)}};
    if (!key.empty()) in["KeyId"] = key;
    return Call("Decrypt", in).as_object();
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

}  // namespace nimbus::kms::testing
