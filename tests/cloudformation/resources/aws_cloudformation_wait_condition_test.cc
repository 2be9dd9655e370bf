// AWS::CloudFormation::WaitConditionHandle and ::WaitCondition: the presigned URL nimbus serves,
// signals PUT to it through the dispatcher, Count, Timeout, Data, and waiting without polling.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"
#include "core/http/message.h"
#include "core/text.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kWait = R"({"Resources": {
  "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
  "Wait": {"Type": "AWS::CloudFormation::WaitCondition",
           "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "300"}}},
  "Outputs": {"Data": {"Value": {"Fn::GetAtt": ["Wait", "Data"]}}}})";

constexpr std::string_view kWaitForTwo = R"({"Resources": {
  "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
  "Wait": {"Type": "AWS::CloudFormation::WaitCondition",
           "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "300", "Count": 2}}},
  "Outputs": {"Data": {"Value": {"Fn::GetAtt": ["Wait", "Data"]}}}})";

std::string Success(std::string_view id, std::string_view data = "done") {
  return R"({"Status": "SUCCESS", "Reason": "ok", "UniqueId": ")" + std::string(id) +
         R"(", "Data": ")" + std::string(data) + R"("})";
}

class WaitConditionTest : public testing::StackTest {
 protected:
  using StackTest::StackTest;

  std::string HandleUrl(std::string_view stack = "app") {
    return std::string(
        Call("DescribeStackResource", {{"StackName", stack}, {"LogicalResourceId", "Handle"}})
            .at("StackResourceDetail")
            .at("PhysicalResourceId")
            .as_string());
  }
  // PUTs `body` to `url` (its path and query) as curl would.
  core::HttpResponse Put(const std::string& url, const std::string& body,
                         std::string method = "PUT") {
    const size_t path = url.find("/cloudformation-waitcondition-");
    core::HttpRequest request{.method = std::move(method),
                              .target = url.substr(path),
                              .headers = {{"Host", "localhost:4566"}},
                              .body = body};
    return rt_->dispatcher.Handle(request).response;
  }
  std::string Signal(const std::string& body, std::string_view stack = "app") {
    const core::HttpResponse response = Put(HandleUrl(stack), body);
    rt_->RunDueTasks();
    return std::to_string(response.status) + " " + response.body;
  }
  // The reason of the resource's CREATE_FAILED event ("" without one).
  std::string ResourceReason(std::string_view logical_id) {
    const std::string failed = std::string(logical_id) + " CREATE_FAILED ";
    for (const std::string& line : Events("app")) {
      if (line.starts_with(failed)) return line.substr(failed.size());
    }
    return "";
  }
};

TEST_F(WaitConditionTest, TheHandleIsAPresignedUrlOnNimbusEndpoint) {
  const std::string id = Create("app", kWait);
  const std::string url = HandleUrl();
  EXPECT_EQ(url.substr(0, url.find('?')),
            "http://localhost:4566/cloudformation-waitcondition-us-east-1/" + core::UriEncode(id) +
                "/Handle");
  EXPECT_NE(url.find("?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date="), std::string::npos);
  EXPECT_NE(url.find("&X-Amz-SignedHeaders=host&X-Amz-Expires=86399&X-Amz-Credential="),
            std::string::npos);
  EXPECT_NE(url.find("&X-Amz-Signature="), std::string::npos);
}

TEST_F(WaitConditionTest, TheHandleUrlIsOnTheEndpointTheServerListensOn) {
  rt_->rt.options.endpoint = "http://127.0.0.1:45123";
  Create("app", kWait);
  EXPECT_EQ(HandleUrl().rfind("http://127.0.0.1:45123/cloudformation-waitcondition-us-east-1/", 0),
            0u);
}

TEST_F(WaitConditionTest, AWaitConditionStaysInProgressUntilSignalled) {
  Create("app", kWait);
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
  EXPECT_EQ(Resources("app"),
            (std::vector<std::string>{"Handle CREATE_COMPLETE", "Wait CREATE_IN_PROGRESS"}));
}

TEST_F(WaitConditionTest, ASignalIsAnswered200WithAnEmptyBody) {
  Create("app", kWait);
  EXPECT_EQ(Signal(Success("i-1")), "200 ");
}

TEST_F(WaitConditionTest, ASuccessSignalCompletesTheStack) {
  Create("app", kWait);
  Signal(Success("i-1"));
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(WaitConditionTest, TheWaitConditionIsNamedByTheStackIdAndItsLogicalId) {
  const std::string id = Create("app", kWait);
  EXPECT_EQ(Call("DescribeStackResource", {{"StackName", "app"}, {"LogicalResourceId", "Wait"}})
                .at("StackResourceDetail")
                .at("PhysicalResourceId")
                .as_string(),
            id + "/Wait");
}

TEST_F(WaitConditionTest, DataIsTheSignalsDataByUniqueIdAsAJsonString) {
  Create("app", kWait);
  Signal(Success("first", "Application has completed configuration."));
  EXPECT_EQ(Stack("app").at("Outputs").at(0).at("OutputValue"),
            R"({"first":"Application has completed configuration."})");
}

TEST_F(WaitConditionTest, DataHasEverySignalInTheOrderTheyArrived) {
  Create("app", kWaitForTwo);
  Signal(Success("b", "two"));
  Signal(Success("a", "one"));
  EXPECT_EQ(Stack("app").at("Outputs").at(0).at("OutputValue"), R"({"b":"two","a":"one"})");
}

TEST_F(WaitConditionTest, CountNeedsThatManySignalsWithDistinctUniqueIds) {
  Create("app", kWaitForTwo);
  Signal(Success("a"));
  Signal(Success("a"));
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
  Signal(Success("b"));
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(WaitConditionTest, AFailureSignalFailsTheWaitConditionWithItsReason) {
  Create("app", kWait);
  Signal(R"({"Status": "FAILURE", "Reason": "Configuration failed", "UniqueId": "i-9",
             "Data": "x"})");
  EXPECT_EQ(ResourceReason("Wait"),
            "WaitCondition received failed message: 'Configuration failed' for uniqueId: i-9");
}

TEST_F(WaitConditionTest, AFailureSignalRollsTheStackBack) {
  Create("app", kWait);
  Signal(R"({"Status": "FAILURE", "Reason": "no", "UniqueId": "i-9", "Data": ""})");
  EXPECT_EQ(Events("app").back(), "app ROLLBACK_COMPLETE");
}

TEST_F(WaitConditionTest, TheTimeoutFailsTheWaitCondition) {
  Create("app", kWait);
  rt_->clock.Advance(300'000);
  rt_->RunDueTasks();
  EXPECT_EQ(ResourceReason("Wait"),
            "WaitCondition timed out. Received 0 conditions when expecting 1");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
}

TEST_F(WaitConditionTest, TheTimeoutCountsTheSuccessesReceived) {
  Create("app", kWaitForTwo);
  Signal(Success("a"));
  rt_->clock.Advance(300'000);
  rt_->RunDueTasks();
  EXPECT_EQ(ResourceReason("Wait"),
            "WaitCondition timed out. Received 1 conditions when expecting 2");
}

TEST_F(WaitConditionTest, WaitingRunsNothingBeforeTheDeadline) {
  Create("app", kWait);
  rt_->clock.Advance(299'000);
  EXPECT_EQ(rt_->scheduler.RunDue(), 0u);
}

TEST_F(WaitConditionTest, ASignalWakesTheDeploymentAtOnce) {
  Create("app", kWait);
  Put(HandleUrl(), Success("i-1"));
  EXPECT_EQ(rt_->scheduler.RunDue(), 1u);
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(WaitConditionTest, AWrongSignatureIsAccessDenied) {
  Create("app", kWait);
  std::string url = HandleUrl();
  url.back() = url.back() == '0' ? '1' : '0';
  const core::HttpResponse response = Put(url, Success("i-1"));
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("<Code>AccessDenied</Code><Message>Access Denied</Message>"),
            std::string::npos);
}

TEST_F(WaitConditionTest, AUrlWithoutSignatureIsAccessDenied) {
  Create("app", kWait);
  const std::string url = HandleUrl();
  EXPECT_EQ(Put(url.substr(0, url.find('?')), Success("i-1")).status, 403);
}

TEST_F(WaitConditionTest, ARefusedSignalIsNotRecorded) {
  Create("app", kWait);
  const std::string url = HandleUrl();
  Put(url.substr(0, url.find('?')), Success("i-1"));
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
}

TEST_F(WaitConditionTest, AnExpiredUrlIsRefused) {
  Create("app", kWait);
  rt_->clock.Advance(86'400'000);
  const core::HttpResponse response = Put(HandleUrl(), Success("i-1"));
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("<Message>Request has expired</Message>"), std::string::npos);
}

TEST_F(WaitConditionTest, ASignalThatIsNotJsonIsRefused) {
  Create("app", kWait);
  EXPECT_EQ(Put(HandleUrl(), "done").status, 400);
}

TEST_F(WaitConditionTest, ASignalWithAnotherStatusIsRefused) {
  Create("app", kWait);
  EXPECT_EQ(Put(HandleUrl(), R"({"Status": "DONE", "UniqueId": "i-1"})").status, 400);
}

TEST_F(WaitConditionTest, AGetOfTheUrlIsMethodNotAllowed) {
  Create("app", kWait);
  EXPECT_EQ(Put(HandleUrl(), "", "GET").status, 405);
}

TEST_F(WaitConditionTest, ATimeoutAboveTwelveHoursFailsValidation) {
  Create("app", R"({"Resources": {
    "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
    "Wait": {"Type": "AWS::CloudFormation::WaitCondition",
             "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "43201"}}}})");
  EXPECT_EQ(ResourceReason("Wait"),
            "Property validation failure: [Value of property {/Timeout} must be a number of "
            "seconds from 0 to 43200]");
}

TEST_F(WaitConditionTest, AHandleThatIsNotAHandleUrlFailsTheWaitCondition) {
  Create("app", R"({"Resources": {
    "Wait": {"Type": "AWS::CloudFormation::WaitCondition",
             "Properties": {"Handle": "https://example.com/x", "Timeout": "10"}}}})");
  EXPECT_EQ(ResourceReason("Wait"),
            "Handle https://example.com/x is not the URL of a wait condition handle that exists");
}

TEST_F(WaitConditionTest, DeletingTheStackForgetsTheHandle) {
  Create("app", kWait);
  const std::string url = HandleUrl();
  Signal(Success("i-1"));
  Delete("app");
  EXPECT_EQ(Put(url, Success("i-2")).status, 403);
}

// A restart with --data-dir: the wait condition, its deadline and the handle's secret are in the
// database file.
class WaitConditionRestartTest : public testing::OnDatabaseFile<WaitConditionTest> {};

TEST_F(WaitConditionRestartTest, ASignalAfterARestartCompletesTheStack) {
  Create("app", kWait);
  Restart();
  Signal(Success("i-1"));
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(WaitConditionRestartTest, TheTimeoutStillHoldsAfterARestart) {
  Create("app", kWait);
  Restart();
  rt_->clock.Advance(300'000);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
}

}  // namespace
}  // namespace nimbus::cloudformation
