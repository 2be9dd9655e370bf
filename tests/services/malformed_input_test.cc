// Malformed members sent to every operation of every implemented service through the dispatcher,
// as a client would send them: a null inside a list or map, and a number beyond its shape's type.
// The decoder refuses them with 400 SerializationException (JSON) or a 400 validation error
// (Query) before a handler runs; none may reach a handler and answer 500.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/dispatch.h"
#include "core/model/model.h"
#include "testing/runtime.h"

namespace nimbus {
namespace {

namespace json = boost::json;
using core::model::ShapeType;

// The JSON services registered in services/registry.cc, by models/ folder.
constexpr std::string_view kJsonServices[] = {"kms", "organizations", "identitystore", "sso-admin",
                                              "ssm"};

class MalformedInputTest : public ::testing::Test {
 protected:
  core::HttpResponse Json(std::string_view service, std::string_view operation,
                          const json::object& body) {
    const core::model::ServiceInfo* info = core::model::ModelRegistry::FindByName(service);
    return dispatcher_
        .Handle({.method = "POST",
                 .target = "/",
                 .headers = {{"Host", "localhost:4566"},
                             {"Content-Type", "application/x-amz-json-1.1"},
                             {"X-Amz-Target",
                              std::string(info->target_prefix) + "." + std::string(operation)}},
                 .body = json::serialize(body)})
        .response;
  }

  core::HttpResponse Query(std::string body) {
    return dispatcher_
        .Handle({.method = "POST",
                 .target = "/",
                 .headers = {{"Host", "localhost:4566"},
                             {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                 .body = std::move(body)})
        .response;
  }

  // Sends `make(member)` for every top-level member of a type in `types`, in every operation of
  // the JSON services; returns how many were sent. Each must be a 400 SerializationException.
  template <typename Make>
  int ExpectEveryJsonMemberRefused(std::vector<ShapeType> types, Make make) {
    int sent = 0;
    for (std::string_view service : kJsonServices) {
      for (const auto& [name, op] : rt_.models.Get(service).operations()) {
        if (!op.input) continue;
        for (const core::model::MemberRef& member : op.input->members) {
          if (!member.shape ||
              std::find(types.begin(), types.end(), member.shape->type) == types.end()) {
            continue;
          }
          const core::HttpResponse r = Json(service, name, {{member.name, make(*member.shape)}});
          ++sent;
          EXPECT_EQ(r.status, 400)
              << service << "." << name << " " << member.name << ": " << r.body;
          EXPECT_EQ(r.Header("x-amzn-ErrorType"), "SerializationException")
              << service << "." << name << " " << member.name << ": " << r.body;
        }
      }
    }
    return sent;
  }

  test::Runtime rt_;  // every service, the dispatcher in self-check mode
  core::Dispatcher& dispatcher_ = rt_.dispatcher;
};

TEST_F(MalformedInputTest, ANullItemInAnyListIsASerializationException) {
  EXPECT_GT(ExpectEveryJsonMemberRefused({ShapeType::kList},
                                         [](const auto&) { return json::array{nullptr}; }),
            20);
}

TEST_F(MalformedInputTest, ANullValueInAnyMapIsASerializationException) {
  EXPECT_GT(ExpectEveryJsonMemberRefused({ShapeType::kMap},
                                         [](const auto&) {
                                           return json::object{{"k", nullptr}};
                                         }),
            2);
}

TEST_F(MalformedInputTest, AnIntegerBeyondInt32IsASerializationException) {
  EXPECT_GT(ExpectEveryJsonMemberRefused({ShapeType::kInteger},
                                         [](const auto&) {
                                           return json::value(
                                               int64_t{std::numeric_limits<int32_t>::max()} + 1);
                                         }),
            20);
}

TEST_F(MalformedInputTest, ALongBeyondInt64IsASerializationException) {
  EXPECT_GT(ExpectEveryJsonMemberRefused(
                {ShapeType::kLong}, [](const auto&) { return json::value(uint64_t{1} << 63); }),
            0);
}

TEST_F(MalformedInputTest, KmsCreateKeyWithANullTagIsRefused) {
  const core::HttpResponse r = Json("kms", "CreateKey", {{"Tags", json::array{nullptr}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body).at("__type"), "SerializationException");
}

TEST_F(MalformedInputTest, SsmParameterVersionBeyondALongIsRefused) {
  const core::HttpResponse r =
      Json("ssm", "LabelParameterVersion",
           {{"Name", "/p"}, {"ParameterVersion", uint64_t{1} << 63}, {"Labels", json::array{"l"}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body).at("__type"), "SerializationException");
}

TEST_F(MalformedInputTest, QueryIntegersBeyondInt32AreRefusedInEveryStsOperation) {
  int sent = 0;
  for (const auto& [name, op] : rt_.models.Get("sts").operations()) {
    if (!op.input) continue;
    for (const core::model::MemberRef& member : op.input->members) {
      if (!member.shape ||
          (member.shape->type != ShapeType::kInteger && member.shape->type != ShapeType::kLong)) {
        continue;
      }
      const core::HttpResponse r = Query("Action=" + name + "&Version=2011-06-15&" +
                                         member.WireName() + "=9223372036854775808");
      ++sent;
      EXPECT_EQ(r.status, 400) << name << " " << member.name << ": " << r.body;
      EXPECT_NE(r.body.find("<Code>"), std::string::npos) << r.body;
    }
  }
  EXPECT_GT(sent, 2);
}

}  // namespace
}  // namespace nimbus
