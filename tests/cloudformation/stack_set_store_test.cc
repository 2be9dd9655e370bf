// The SQL of stack sets.
#include "cloudformation/stack_set_store.h"

#include <gtest/gtest.h>

#include "store/database.h"

namespace nimbus::cloudformation {
namespace {

const core::Scope kScope{.account = "111122223333", .region = "us-east-1"};

class StackSetStoreTest : public ::testing::Test {
 protected:
  StackSetRecord Insert(std::string name, std::string status = "ACTIVE") {
    StackSetRecord set{
        .stack_set_id = name + ":id", .name = name, .scope = kScope, .status = std::move(status)};
    store::Transaction tx = sets_.Begin();
    sets_.InsertSet(tx, &set);
    tx.Commit();
    return set;
  }

  store::Database db_;
  StackSetStore sets_{db_};
};

TEST_F(StackSetStoreTest, FindSetByNameSkipsDeletedSets) {
  Insert("old", "DELETED");
  store::Transaction tx = sets_.Read();
  EXPECT_FALSE(sets_.FindSetByName(tx, kScope, "old").has_value());
  EXPECT_EQ(sets_.FindSetById(tx, &kScope, "old:id")->status, "DELETED");
}

TEST_F(StackSetStoreTest, FindSetByIdInAnotherScopeFindsNothing) {
  Insert("mine");
  const core::Scope other{.account = "999999999999", .region = "us-east-1"};
  store::Transaction tx = sets_.Read();
  EXPECT_FALSE(sets_.FindSetById(tx, &other, "mine:id").has_value());
}

TEST_F(StackSetStoreTest, PuttingAnInstanceAgainKeepsOneRowAndItsPlace) {
  store::Transaction tx = sets_.Begin();
  StackInstanceRecord first{
      .stack_set_id = "s:id", .account = "111111111111", .region = "us-east-1"};
  sets_.PutInstance(tx, &first);
  StackInstanceRecord second{
      .stack_set_id = "s:id", .account = "222222222222", .region = "us-east-1"};
  sets_.PutInstance(tx, &second);
  first.detailed_status = "SUCCEEDED";
  sets_.PutInstance(tx, &first);
  const std::vector<StackInstanceRecord> listed = sets_.ListInstances(tx, "s:id", "", "", 0, -1);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].account, "111111111111");
  EXPECT_EQ(listed[0].detailed_status, "SUCCEEDED");
}

TEST_F(StackSetStoreTest, ResultsComeInPlanOrder) {
  store::Transaction tx = sets_.Begin();
  sets_.PutResult(tx, "s:id", "op", {.account = "b", .region = "r", .position = 1});
  sets_.PutResult(tx, "s:id", "op", {.account = "a", .region = "r", .position = 0});
  const std::vector<OperationResultRecord> results = sets_.Results(tx, "s:id", "op");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].account, "a");
  EXPECT_EQ(results[1].account, "b");
}

TEST_F(StackSetStoreTest, ActiveOperationIsTheRunningOne) {
  store::Transaction tx = sets_.Begin();
  StackSetOperationRecord done{
      .operation_id = "done", .stack_set_id = "s:id", .action = "CREATE", .status = "SUCCEEDED"};
  sets_.InsertOperation(tx, &done);
  EXPECT_FALSE(sets_.ActiveOperation(tx, "s:id").has_value());
  StackSetOperationRecord running{
      .operation_id = "running", .stack_set_id = "s:id", .action = "CREATE", .status = "RUNNING"};
  sets_.InsertOperation(tx, &running);
  EXPECT_EQ(sets_.ActiveOperation(tx, "s:id")->operation_id, "running");
}

}  // namespace
}  // namespace nimbus::cloudformation
