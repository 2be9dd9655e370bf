// Dispatcher::Handle(request, &later): operations registered as Cost::kSlow stop after decoding
// and leave the handler and the encoding to `later`, which the server runs off its I/O threads.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/dispatch.h"
#include "core/ids.h"
#include "core/model/model.h"

namespace nimbus::core {
namespace {

namespace json = boost::json;

const model::ModelRegistry& Models() {
  static const model::ModelRegistry* models = new model::ModelRegistry();
  return *models;
}

HttpRequest SsmCall(std::string operation, std::string body) {
  return {.method = "POST",
          .target = "/",
          .headers = {{"Host", "localhost:4566"},
                      {"Content-Type", "application/x-amz-json-1.1"},
                      {"X-Amz-Target", "AmazonSSM." + std::move(operation)}},
          .body = std::move(body)};
}

// GetParameter is slow and answers the raw body it was called with; DeleteParameter is quick.
class Ssm final : public Service {
 public:
  Ssm() {
    Register(
        "GetParameter",
        [](const RequestContext& ctx, const json::object& in) -> json::value {
          if (in.at("Name").as_string() == "/missing") {
            throw AwsError("ParameterNotFound", "", 400);
          }
          return {{"Parameter", {{"Name", in.at("Name")}, {"Value", ctx.http->body}}}};
        },
        Cost::kSlow);
    Register("DeleteParameter",
             [](const RequestContext&, const json::object&) -> json::value { return json::object(); });
  }
  std::string_view Name() const override { return "ssm"; }
};

class DispatchSlowTest : public ::testing::Test {
 protected:
  DispatchSlowTest() : dispatcher_({}, Models(), clock_, ids_) {
    dispatcher_.AddService(std::make_unique<Ssm>());
  }

  FakeClock clock_;
  IdGenerator ids_{42};
  Dispatcher dispatcher_;
};

TEST_F(DispatchSlowTest, ASlowOperationIsLeftToLaterWithItsNamesKnown) {
  std::function<Outcome()> later;
  const Outcome now = dispatcher_.Handle(SsmCall("GetParameter", R"({"Name":"/a"})"), &later);
  ASSERT_TRUE(later);
  EXPECT_EQ(now.service, "ssm");
  EXPECT_EQ(now.operation, "GetParameter");
  EXPECT_TRUE(now.response.body.empty());
}

TEST_F(DispatchSlowTest, LaterAnswersFromItsOwnCopyOfTheRequest) {
  std::function<Outcome()> later;
  std::string request_id;
  {
    const HttpRequest request = SsmCall("GetParameter", R"({"Name":"/a"})");
    request_id = dispatcher_.Handle(request, &later).request_id;
  }  // the server's request is gone before the work runs
  const Outcome done = later();
  EXPECT_EQ(done.response.status, 200);
  EXPECT_EQ(done.request_id, request_id);
  EXPECT_EQ(done.response.Header("x-amzn-RequestId"), request_id);
  EXPECT_EQ(json::parse(done.response.body).at("Parameter").at("Value"), R"({"Name":"/a"})");
}

TEST_F(DispatchSlowTest, ASlowOperationsErrorIsAnsweredByLater) {
  std::function<Outcome()> later;
  dispatcher_.Handle(SsmCall("GetParameter", R"({"Name":"/missing"})"), &later);
  const Outcome done = later();
  EXPECT_EQ(done.response.status, 400);
  EXPECT_EQ(done.response.Header("x-amzn-ErrorType"), "ParameterNotFound");
}

TEST_F(DispatchSlowTest, InvalidInputToASlowOperationIsAnsweredAtOnce) {
  std::function<Outcome()> later;
  const Outcome now = dispatcher_.Handle(SsmCall("GetParameter", R"({"Name":[1]})"), &later);
  EXPECT_FALSE(later);
  EXPECT_EQ(now.response.status, 400);
  EXPECT_EQ(now.response.Header("x-amzn-ErrorType"), "SerializationException");
}

TEST_F(DispatchSlowTest, AQuickOperationIsAnsweredAtOnce) {
  std::function<Outcome()> later;
  const Outcome now = dispatcher_.Handle(SsmCall("DeleteParameter", R"({"Name":"/a"})"), &later);
  EXPECT_FALSE(later);
  EXPECT_EQ(now.response.status, 200);
  EXPECT_EQ(now.response.body, "{}");
}

TEST_F(DispatchSlowTest, WithoutLaterASlowOperationIsAnsweredAtOnce) {
  const Outcome now = dispatcher_.Handle(SsmCall("GetParameter", R"({"Name":"/a"})"));
  EXPECT_EQ(now.response.status, 200);
  EXPECT_EQ(json::parse(now.response.body).at("Parameter").at("Name"), "/a");
}

}  // namespace
}  // namespace nimbus::core
