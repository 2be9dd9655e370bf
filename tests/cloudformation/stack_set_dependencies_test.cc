// AutoDeployment.DependsOn: the graph of service-managed sets' dependencies (pure), its checks,
// and the state of the operations an automatic deployment waits for.
#include "cloudformation/stack_set_dependencies.h"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "store/database.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

const core::Scope kScope{.account = "111122223333", .region = "us-east-1"};

std::string ArnOf(std::string_view id) {
  return "arn:aws:cloudformation:us-east-1:111122223333:stackset/" + std::string(id);
}

StackSetRecord Set(std::string_view id, const std::vector<std::string>& depends_on = {}) {
  json::array arns;
  for (const std::string& dependency : depends_on) arns.emplace_back(ArnOf(dependency));
  return StackSetRecord{
      .stack_set_id = std::string(id),
      .name = std::string(id.substr(0, id.find(':'))),
      .scope = kScope,
      .permission_model = "SERVICE_MANAGED",
      .auto_deployment = json::serialize(json::object{{"Enabled", true}, {"DependsOn", arns}})};
}

std::string MessageOf(const StackSetRecord& set, const std::vector<StackSetRecord>& others) {
  const core::AwsError error = test::ErrorOf([&] { CheckDependsOn(set, others); });
  EXPECT_EQ(error.code(), "ValidationError");
  return error.what();
}

TEST(StackSetIdOfArn, IsTheIdAfterStackset) {
  EXPECT_EQ(StackSetIdOfArn(ArnOf("base:1a2b")), "base:1a2b");
}

TEST(StackSetIdOfArn, IsEmptyForAnotherResource) {
  EXPECT_EQ(StackSetIdOfArn("arn:aws:cloudformation:us-east-1:111122223333:stack/s/1"), "");
  EXPECT_EQ(StackSetIdOfArn("base:1a2b"), "");
}

TEST(SetDependenciesOf, MapsEachSetToTheIdsItDependsOn) {
  const SetDependencies graph = SetDependenciesOf({Set("a:1"), Set("b:2", {"a:1"})});
  EXPECT_EQ(graph, (SetDependencies{{"a:1", {}}, {"b:2", {"a:1"}}}));
}

TEST(DependsOnTransitively, FollowsSetsBetween) {
  const SetDependencies graph{{"c", {"b"}}, {"b", {"a"}}, {"a", {}}};
  EXPECT_TRUE(DependsOnTransitively(graph, "c", "a"));
}

TEST(DependsOnTransitively, IsFalseAgainstTheEdges) {
  const SetDependencies graph{{"c", {"b"}}, {"b", {"a"}}, {"a", {}}};
  EXPECT_FALSE(DependsOnTransitively(graph, "a", "c"));
}

TEST(DependencyOrder, PutsDependenciesFirstEvenThroughSetsNotListed) {
  const SetDependencies graph{{"c", {"b"}}, {"b", {"a"}}, {"a", {}}, {"d", {}}};
  EXPECT_EQ(DependencyOrder(graph, {"c", "d", "a"}), (std::vector<std::string>{"a", "c", "d"}));
}

TEST(DependencyOrder, EndsOnACycle) {
  const SetDependencies graph{{"a", {"b"}}, {"b", {"a"}}};
  EXPECT_EQ(DependencyOrder(graph, {"a", "b"}), (std::vector<std::string>{"b", "a"}));
}

TEST(CheckDependsOn, AcceptsAnActiveServiceManagedSetOfTheSameAccountAndRegion) {
  EXPECT_EQ(test::ErrorOf([] { CheckDependsOn(Set("b:2", {"a:1"}), {Set("a:1")}); }).code(), "");
}

TEST(CheckDependsOn, RefusesAnUnknownSet) {
  EXPECT_EQ(MessageOf(Set("b:2", {"gone:9"}), {Set("a:1")}),
            "AutoDeployment DependsOn: " + ArnOf("gone:9") +
                " is not a SERVICE_MANAGED stack set of this account and Region.");
}

TEST(CheckDependsOn, RefusesASetOfAnotherRegion) {
  StackSetRecord elsewhere = Set("a:1");
  elsewhere.scope.region = "eu-west-1";
  EXPECT_EQ(MessageOf(Set("b:2", {"a:1"}), {elsewhere}),
            "AutoDeployment DependsOn: " + ArnOf("a:1") +
                " is not a SERVICE_MANAGED stack set of this account and Region.");
}

TEST(CheckDependsOn, RefusesTheSetItself) {
  EXPECT_EQ(MessageOf(Set("b:2", {"b:2"}), {Set("b:2")}),
            "A stack set cannot depend on itself: " + ArnOf("b:2") + ".");
}

TEST(CheckDependsOn, RefusesACycle) {
  EXPECT_EQ(MessageOf(Set("a:1", {"c:3"}), {Set("a:1"), Set("b:2", {"a:1"}), Set("c:3", {"b:2"})}),
            "AutoDeployment DependsOn: " + ArnOf("c:3") +
                " depends on stack set a, which would be a circular dependency.");
}

TEST(CheckDependsOn, RefusesTheSameArnTwice) {
  EXPECT_EQ(MessageOf(Set("b:2", {"a:1", "a:1"}), {Set("a:1")}),
            "AutoDeployment DependsOn lists " + ArnOf("a:1") + " twice.");
}

TEST(CheckDependsOn, RefusesMoreThanTenDependencies) {
  std::vector<std::string> ids;
  std::vector<StackSetRecord> others;
  for (int i = 0; i < 11; ++i) {
    ids.push_back("s" + std::to_string(i) + ":" + std::to_string(i));
    others.push_back(Set(ids.back()));
  }
  EXPECT_EQ(MessageOf(Set("b:2", ids), others),
            "AutoDeployment DependsOn can list at most 10 stack sets.");
}

TEST(CheckDependsOn, RefusesMoreThanAHundredDependenciesInTheAccount) {
  std::vector<std::string> ten;
  std::vector<StackSetRecord> others;
  for (int i = 0; i < 10; ++i) {
    ten.push_back("base" + std::to_string(i) + ":" + std::to_string(i));
    others.push_back(Set(ten.back()));
  }
  for (int i = 0; i < 10; ++i) others.push_back(Set("app" + std::to_string(i) + ":x", ten));
  EXPECT_EQ(MessageOf(Set("last:1", {ten[0]}), others),
            "An account can have at most 100 AutoDeployment dependencies between its stack sets.");
}

class AfterStateTest : public ::testing::Test {
 protected:
  StackSetOperationRecord Operation(std::string_view set_id, std::string_view id,
                                    std::string_view status, const json::array& after = {}) {
    StackSetOperationRecord operation{.operation_id = std::string(id),
                                      .stack_set_id = std::string(set_id),
                                      .action = "CREATE",
                                      .status = std::string(status)};
    if (!after.empty()) operation.targets = json::serialize(json::object{{"After", after}});
    store::Transaction tx = sets_.Begin();
    sets_.InsertOperation(tx, &operation);
    tx.Commit();
    return operation;
  }
  DependencyState StateOf(const StackSetOperationRecord& operation, std::string* failed) {
    store::Transaction tx = sets_.Read();
    return AfterState(tx, sets_, operation, failed);
  }
  static json::array After(std::string_view set_id, std::string_view operation_id) {
    return json::array{json::object{{"StackSetId", set_id}, {"OperationId", operation_id}}};
  }

  store::Database db_;
  StackSetStore sets_{db_};
};

TEST_F(AfterStateTest, AnOperationWithoutDependenciesHasSucceeded) {
  EXPECT_EQ(StateOf(Operation("b:2", "op-b", "QUEUED"), nullptr), DependencyState::kSucceeded);
}

TEST_F(AfterStateTest, ARunningDependencyIsWaitedFor) {
  Operation("a:1", "op-a", "RUNNING");
  EXPECT_EQ(StateOf(Operation("b:2", "op-b", "QUEUED", After("a:1", "op-a")), nullptr),
            DependencyState::kWaiting);
}

TEST_F(AfterStateTest, ASucceededDependencyLetsItStart) {
  Operation("a:1", "op-a", "SUCCEEDED");
  EXPECT_EQ(StateOf(Operation("b:2", "op-b", "QUEUED", After("a:1", "op-a")), nullptr),
            DependencyState::kSucceeded);
}

TEST_F(AfterStateTest, AFailedDependencyIsNamed) {
  Operation("a:1", "op-a", "FAILED");
  std::string failed;
  EXPECT_EQ(StateOf(Operation("b:2", "op-b", "QUEUED", After("a:1", "op-a")), &failed),
            DependencyState::kFailed);
  EXPECT_EQ(failed, "StackSet a:1 (operation op-a) ended FAILED");
}

}  // namespace
}  // namespace nimbus::cloudformation
