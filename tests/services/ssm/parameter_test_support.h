#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/request_context.h"
#include "testing/runtime.h"

namespace nimbus::ssm::testing {

inline boost::json::object Json(std::string_view text) {
  return boost::json::parse(text).as_object();
}

// An error as the client sees it: code, message (nullopt when AWS sends none) and the other
// members of the error shape.
struct Failure {
  Failure() = default;
  Failure(std::string c, std::optional<std::string> m, boost::json::object extra = {})
      : code(std::move(c)), message(std::move(m)), members(std::move(extra)) {}

  std::string code;
  std::optional<std::string> message;
  boost::json::object members;

  bool operator==(const Failure& other) const {
    return code == other.code && message == other.message && members == other.members;
  }
  friend void PrintTo(const Failure& f, std::ostream* os) {
    *os << f.code << " / " << (f.message ? "\"" + *f.message + "\"" : "(no message)") << " / "
        << boost::json::serialize(f.members);
  }
};

// The error `call` throws; code "" if it returns.
inline Failure FailureOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const core::AwsError& error) {
    return Failure(error.code(),
                   error.has_message() ? std::optional<std::string>(error.what()) : std::nullopt,
                   error.members());
  }
  return {};
}

// The code of the error `call` throws, or "".
inline std::string ErrorOf(const std::function<void()>& call) { return FailureOf(call).code; }

// The message of the error `call` throws, or "".
inline std::string MessageOf(const std::function<void()>& call) {
  return FailureOf(call).message.value_or("");
}

// The Parameter Store tests' fixture: every service registered over an in-memory database
// (test::Runtime), so SecureString values go through the KMS provider and every call runs the
// model's validation and the self-check of outputs and error codes, as a client's would.
class ParameterTest : public ::testing::Test {
 protected:
  // The IAM user alice of `account`, in `region`.
  static core::RequestContext Alice(std::string_view account = "111122223333",
                                    std::string_view region = "us-east-1") {
    core::RequestContext ctx = test::Context(account, region);
    ctx.caller.arn = "arn:aws:iam::" + std::string(account) + ":user/alice";
    return ctx;
  }

  boost::json::value Call(std::string_view operation, const boost::json::object& in) {
    return rt_.Call(ctx_, "ssm", operation, in);
  }
  boost::json::value Call(std::string_view operation, std::string_view body) {
    return Call(operation, Json(body));
  }
  boost::json::object Put(std::string_view body) { return Call("PutParameter", body).as_object(); }
  boost::json::object Get(std::string_view body) { return Call("GetParameter", body).as_object(); }
  std::string Value(std::string_view name) {
    return std::string(Call("GetParameter", boost::json::object{{"Name", name}})
                           .at("Parameter")
                           .at("Value")
                           .as_string());
  }
  std::vector<std::string> Names(const boost::json::value& out) {
    std::vector<std::string> names;
    for (const boost::json::value& p : out.at("Parameters").as_array()) {
      names.emplace_back(p.at("Name").as_string());
    }
    return names;
  }

  boost::json::value Kms(std::string_view operation, const boost::json::object& in) {
    return rt_.Call(ctx_, "kms", operation, in);
  }
  // A customer managed key, named by `alias` ("alias/app") when given; returns its key id.
  std::string CreateKey(std::string_view alias = "") {
    const std::string key_id(Kms("CreateKey", {}).at("KeyMetadata").at("KeyId").as_string());
    if (!alias.empty()) Kms("CreateAlias", {{"AliasName", alias}, {"TargetKeyId", key_id}});
    return key_id;
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = Alice();
};

}  // namespace nimbus::ssm::testing
