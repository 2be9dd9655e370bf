// CloudFormation's tables: stacks by name and id, listings, resources, events and exports.
#include "cloudformation/stack_store.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/database.h"

namespace nimbus::cloudformation {
namespace {

const core::Scope kScope{.account = "111122223333", .region = "us-east-1"};

class StackStoreTest : public ::testing::Test {
 protected:
  StackRecord Insert(const std::string& name, const core::Scope& scope = kScope) {
    StackRecord stack;
    stack.name = name;
    stack.stack_id = "arn:aws:cloudformation:" + scope.region + ":" + scope.account + ":stack/" +
                     name + "/" + std::to_string(++count_);
    stack.status = "CREATE_IN_PROGRESS";
    stack.created_millis = 1000 * count_;
    store::Transaction tx = stacks_.Begin();
    stacks_.InsertStack(tx, scope, &stack);
    tx.Commit();
    return stack;
  }
  void Delete(StackRecord& stack) {
    stack.status = "DELETE_COMPLETE";
    stack.deleted_millis = 99;
    store::Transaction tx = stacks_.Begin();
    stacks_.UpdateStack(tx, stack);
    tx.Commit();
  }
  std::vector<std::string> Names(const std::vector<StackRecord>& stacks) {
    std::vector<std::string> names;
    for (const StackRecord& stack : stacks) names.push_back(stack.name);
    return names;
  }

  store::Database db_;
  StackStore stacks_{db_};
  int count_ = 0;
};

TEST_F(StackStoreTest, AStackIsFoundByNameAndByIdWithEveryMember) {
  StackRecord stack = Insert("app");
  stack.tags = R"([{"Key":"team","Value":"a"}])";
  stack.timeout_minutes = 5;
  stack.termination_protection = true;
  {
    store::Transaction tx = stacks_.Begin();
    stacks_.UpdateStack(tx, stack);
    tx.Commit();
  }
  store::Transaction tx = stacks_.Read();
  const std::optional<StackRecord> by_name = stacks_.FindLiveByName(tx, kScope, "app");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->stack_id, stack.stack_id);
  EXPECT_EQ(by_name->tags, R"([{"Key":"team","Value":"a"}])");
  EXPECT_EQ(by_name->timeout_minutes, 5);
  EXPECT_TRUE(by_name->termination_protection);
  EXPECT_EQ(by_name->scope.account, "111122223333");
  EXPECT_EQ(by_name->scope.region, "us-east-1");
  EXPECT_EQ(stacks_.FindById(tx, kScope, stack.stack_id)->name, "app");
}

TEST_F(StackStoreTest, ADeletedStackIsFoundByIdButNotByName) {
  StackRecord stack = Insert("app");
  Delete(stack);
  store::Transaction tx = stacks_.Read();
  EXPECT_FALSE(stacks_.FindLiveByName(tx, kScope, "app"));
  EXPECT_EQ(stacks_.FindById(tx, kScope, stack.stack_id)->status, "DELETE_COMPLETE");
}

TEST_F(StackStoreTest, TheNameOfADeletedStackCanBeUsedAgain) {
  StackRecord first = Insert("app");
  Delete(first);
  const StackRecord second = Insert("app");
  store::Transaction tx = stacks_.Read();
  EXPECT_EQ(stacks_.FindLiveByName(tx, kScope, "app")->stack_id, second.stack_id);
}

TEST_F(StackStoreTest, TwoLiveStacksCannotShareAName) {
  Insert("app");
  EXPECT_THROW(Insert("app"), std::runtime_error);
}

TEST_F(StackStoreTest, AStackOfAnotherAccountIsNotFound) {
  const StackRecord stack = Insert("app", {.account = "444455556666", .region = "us-east-1"});
  store::Transaction tx = stacks_.Read();
  EXPECT_FALSE(stacks_.FindLiveByName(tx, kScope, "app"));
  EXPECT_FALSE(stacks_.FindById(tx, kScope, stack.stack_id));
  EXPECT_EQ(stacks_.FindByIdAnywhere(tx, stack.stack_id)->name, "app");
}

TEST_F(StackStoreTest, ListingIsNewestFirstAndResumesBeforeAPosition) {
  Insert("a");
  const StackRecord b = Insert("b");
  Insert("c");
  store::Transaction tx = stacks_.Read();
  EXPECT_EQ(Names(stacks_.ListStacks(tx, kScope, 0, 10, false, {})),
            (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(Names(stacks_.ListStacks(tx, kScope, b.seq, 10, false, {})),
            (std::vector<std::string>{"a"}));
}

TEST_F(StackStoreTest, ListingLiveStacksLeavesDeletedOnesOut) {
  StackRecord a = Insert("a");
  Insert("b");
  Delete(a);
  store::Transaction tx = stacks_.Read();
  EXPECT_EQ(Names(stacks_.ListStacks(tx, kScope, 0, 10, true, {})),
            (std::vector<std::string>{"b"}));
}

TEST_F(StackStoreTest, ListingByStatusKeepsOnlyThoseStatuses) {
  StackRecord a = Insert("a");
  Insert("b");
  Delete(a);
  store::Transaction tx = stacks_.Read();
  EXPECT_EQ(Names(stacks_.ListStacks(tx, kScope, 0, 10, false, {"DELETE_COMPLETE"})),
            (std::vector<std::string>{"a"}));
}

TEST_F(StackStoreTest, AListedStackComesWithoutItsTemplateButFoundByNameWithIt) {
  StackRecord stack = Insert("app");
  stack.template_body = R"({"Resources": {}})";
  stack.description = "the app";
  {
    store::Transaction tx = stacks_.Begin();
    stacks_.UpdateStack(tx, stack);
    tx.Commit();
  }
  store::Transaction tx = stacks_.Read();
  const std::vector<StackRecord> listed = stacks_.ListStacks(tx, kScope, 0, 10, false, {});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].template_body, "");
  EXPECT_EQ(listed[0].description, "the app");
  EXPECT_EQ(stacks_.FindLiveByName(tx, kScope, "app")->template_body, R"({"Resources": {}})");
}

TEST_F(StackStoreTest, AStackListedByStatusComesWithoutItsTemplate) {
  StackRecord stack = Insert("app");
  stack.template_body = R"({"Resources": {}})";
  {
    store::Transaction tx = stacks_.Begin();
    stacks_.UpdateStack(tx, stack);
    tx.Commit();
  }
  store::Transaction tx = stacks_.Read();
  const std::vector<StackRecord> listed =
      stacks_.ListStacks(tx, kScope, 0, 10, false, {"CREATE_IN_PROGRESS"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].template_body, "");
}

TEST_F(StackStoreTest, ListingBySeveralStatusesMergesThemNewestFirstUpToTheLimit) {
  StackRecord a = Insert("a");
  Insert("b");
  StackRecord c = Insert("c");
  Insert("d");
  Delete(a);
  Delete(c);
  store::Transaction tx = stacks_.Read();
  EXPECT_EQ(
      Names(stacks_.ListStacks(tx, kScope, 0, 3, false, {"DELETE_COMPLETE", "CREATE_IN_PROGRESS"})),
      (std::vector<std::string>{"d", "c", "b"}));
}

TEST_F(StackStoreTest, ListingByStatusResumesBeforeAPosition) {
  StackRecord a = Insert("a");
  StackRecord b = Insert("b");
  StackRecord c = Insert("c");
  Delete(a);
  Delete(b);
  Delete(c);
  store::Transaction tx = stacks_.Read();
  EXPECT_EQ(Names(stacks_.ListStacks(tx, kScope, c.seq, 10, false, {"DELETE_COMPLETE"})),
            (std::vector<std::string>{"b", "a"}));
}

TEST_F(StackStoreTest, ListingByAStatusNoStackHasIsEmpty) {
  Insert("a");
  store::Transaction tx = stacks_.Read();
  EXPECT_TRUE(stacks_.ListStacks(tx, kScope, 0, 10, false, {"ROLLBACK_COMPLETE"}).empty());
}

TEST_F(StackStoreTest, ListingLiveStacksByStatusLeavesDeletedOnesOut) {
  StackRecord a = Insert("a");
  Insert("b");
  Delete(a);
  store::Transaction tx = stacks_.Read();
  EXPECT_EQ(
      Names(stacks_.ListStacks(tx, kScope, 0, 10, true, {"DELETE_COMPLETE", "CREATE_IN_PROGRESS"})),
      (std::vector<std::string>{"b"}));
}

TEST_F(StackStoreTest, ResourcesComeInWaveOrderAndAreReplacedByLogicalId) {
  const StackRecord stack = Insert("app");
  store::Transaction tx = stacks_.Begin();
  stacks_.PutResource(tx, stack, {.logical_id = "B", .type = "T", .wave = 2});
  stacks_.PutResource(tx, stack,
                      {.logical_id = "A", .type = "T", .status = "CREATE_IN_PROGRESS", .wave = 1});
  stacks_.PutResource(tx, stack,
                      {.logical_id = "A", .type = "T", .status = "CREATE_COMPLETE", .wave = 1});
  const std::vector<ResourceRecord> rows = stacks_.Resources(tx, stack);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].logical_id, "A");
  EXPECT_EQ(rows[0].status, "CREATE_COMPLETE");
  EXPECT_EQ(rows[1].logical_id, "B");
}

TEST_F(StackStoreTest, APhysicalIdLeadsToItsLiveStack) {
  const StackRecord stack = Insert("app");
  store::Transaction tx = stacks_.Begin();
  stacks_.PutResource(tx, stack, {.logical_id = "P", .physical_id = "/app/p", .type = "T"});
  EXPECT_EQ(stacks_.StackOfPhysicalId(tx, kScope, "/app/p"), stack.stack_id);
  EXPECT_FALSE(stacks_.StackOfPhysicalId(tx, kScope, "/other"));
}

TEST_F(StackStoreTest, EventsAreListedNewestFirstInPages) {
  const StackRecord stack = Insert("app");
  std::vector<EventRecord> events;
  for (int i = 0; i < 40; ++i) events.push_back({.event_id = "e" + std::to_string(i)});
  store::Transaction tx = stacks_.Begin();
  stacks_.AddEvents(tx, stack, events);  // more than one statement's worth
  const auto first = stacks_.Events(tx, stack, 0, 3);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].second.event_id, "e39");
  EXPECT_EQ(first[2].second.event_id, "e37");
  const auto next = stacks_.Events(tx, stack, first.back().first, 100);
  ASSERT_EQ(next.size(), 37u);
  EXPECT_EQ(next.front().second.event_id, "e36");
  EXPECT_EQ(next.back().second.event_id, "e0");
}

TEST_F(StackStoreTest, TheEventsOfADeletedStackArePackedIntoOneRowAndPagedAsBefore) {
  StackRecord stack = Insert("app");
  std::vector<EventRecord> events;
  for (int i = 0; i < 40; ++i) events.push_back({.event_id = "e" + std::to_string(i)});
  store::Transaction tx = stacks_.Begin();
  stacks_.AddEvents(tx, stack, events);
  stack.deleted_millis = 99;
  stacks_.AddEvents(tx, stack, {{.event_id = "e40", .status = "DELETE_COMPLETE"}});
  EXPECT_EQ(tx.QueryOne("SELECT count(*) FROM cfn_stack_events")->Int(0), 0);
  EXPECT_EQ(tx.QueryOne("SELECT count(*) FROM cfn_deleted_stack_events")->Int(0), 1);
  const auto first = stacks_.Events(tx, stack, 0, 3);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].second.event_id, "e40");
  EXPECT_EQ(first[0].second.status, "DELETE_COMPLETE");
  EXPECT_EQ(first[2].second.event_id, "e38");
  const auto next = stacks_.Events(tx, stack, first.back().first, 100);
  ASSERT_EQ(next.size(), 38u);
  EXPECT_EQ(next.front().second.event_id, "e37");
  EXPECT_EQ(next.back().second.event_id, "e0");
}

TEST_F(StackStoreTest, AStackDeletedBeforeEventsWerePackedIsReadFromItsRows) {
  StackRecord stack = Insert("app");
  store::Transaction tx = stacks_.Begin();
  stacks_.AddEvents(tx, stack, {{.event_id = "e0"}, {.event_id = "e1"}});
  stack.deleted_millis = 99;  // as an older nimbus left it: deleted, its events still rows
  const auto events = stacks_.Events(tx, stack, 0, 100);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].second.event_id, "e1");
}

TEST_F(StackStoreTest, AnExportIsFoundByNameInItsScopeOnly) {
  const StackRecord stack = Insert("app");
  store::Transaction tx = stacks_.Begin();
  stacks_.PutExport(tx, kScope, {.name = "shared", .value = "v", .stack_id = stack.stack_id});
  EXPECT_EQ(stacks_.FindExport(tx, kScope, "shared")->value, "v");
  EXPECT_FALSE(
      stacks_.FindExport(tx, {.account = "111122223333", .region = "eu-west-1"}, "shared"));
}

TEST_F(StackStoreTest, AnExportNameIsUniqueInAnAccountAndRegion) {
  const StackRecord stack = Insert("app");
  store::Transaction tx = stacks_.Begin();
  stacks_.PutExport(tx, kScope, {.name = "shared", .value = "v", .stack_id = stack.stack_id});
  EXPECT_THROW(
      stacks_.PutExport(tx, kScope, {.name = "shared", .value = "w", .stack_id = stack.stack_id}),
      std::runtime_error);
}

TEST_F(StackStoreTest, DeletingAStacksExportsFreesTheirNames) {
  const StackRecord stack = Insert("app");
  store::Transaction tx = stacks_.Begin();
  stacks_.PutExport(tx, kScope, {.name = "shared", .value = "v", .stack_id = stack.stack_id});
  stacks_.DeleteExports(tx, stack.stack_id);
  EXPECT_FALSE(stacks_.FindExport(tx, kScope, "shared"));
}

}  // namespace
}  // namespace nimbus::cloudformation
