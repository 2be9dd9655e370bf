#include "services/ssm/managed_node_store.h"

#include <algorithm>
#include <cstdio>

#include <gtest/gtest.h>

#include "services/ssm/tag_store.h"
#include "store/database.h"

namespace nimbus::ssm {
namespace {

using Kind = NodeCondition::Kind;

class ManagedNodeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::Transaction tx = nodes_.Begin();
    for (int i = 0; i < 30; ++i) {
      ManagedNodeRecord node;
      node.scope = scope_;
      char id[32];
      std::snprintf(id, sizeof(id), "mi-%017x", i);
      node.instance_id = id;
      node.platform_type = i % 2 ? "Windows" : "Linux";
      node.agent_version = i % 5 == 0 ? "3.0.0.0" : "3.1.0.0";
      node.last_ping_millis = 1000 + i;
      nodes_.PutNode(tx, node);
      tags_.Put(tx, scope_, "ManagedInstance", node.instance_id,
                {{"env", i % 3 == 0 ? "prod" : "dev"}});
    }
    ManagedNodeRecord other;
    other.scope = {.account = "999999999999", .region = "us-east-1"};
    other.instance_id = "mi-00000000000000000";
    nodes_.PutNode(tx, other);
    tags_.Put(tx, other.scope, "ManagedInstance", other.instance_id, {{"env", "prod"}});
    tx.Commit();
  }

  std::vector<std::string> Query(const std::vector<NodeCondition>& conditions,
                                 const std::string& after = "", int64_t limit = 100) {
    store::Transaction tx = nodes_.Read();
    std::vector<std::string> ids;
    for (const ManagedNodeRecord& n : nodes_.QueryNodes(tx, scope_, conditions, after, limit)) {
      ids.push_back(n.instance_id);
    }
    return ids;
  }

  static NodeCondition Tag(std::string key, std::vector<std::string> values) {
    NodeCondition c;
    c.kind = Kind::kTagValue;
    c.key = std::move(key);
    c.values = std::move(values);
    return c;
  }

  static NodeCondition Column(std::string column, std::vector<std::string> values) {
    NodeCondition c;
    c.kind = Kind::kColumnIn;
    c.column = std::move(column);
    c.values = std::move(values);
    return c;
  }

  store::Database db_;
  ManagedNodeStore nodes_{db_};
  TagStore tags_{db_};
  core::Scope scope_{.account = "123456789012", .region = "us-east-1"};
};

TEST_F(ManagedNodeStoreTest, TagDrivenPageFollowsTheCursorInIdOrder) {
  EXPECT_EQ(Query({Tag("env", {"prod"})}, "", 3),
            (std::vector<std::string>{"mi-00000000000000000", "mi-00000000000000003",
                                      "mi-00000000000000006"}));
  EXPECT_EQ(Query({Tag("env", {"prod"})}, "mi-00000000000000006", 2),
            (std::vector<std::string>{"mi-00000000000000009", "mi-0000000000000000c"}));
}

// Several single-valued tag filters: whichever drives (the sparsest), the page is the same.
TEST_F(ManagedNodeStoreTest, SeveralTagFiltersGiveTheSamePagesInAnyOrder) {
  store::Transaction tx = nodes_.Begin();
  std::vector<std::string> every_4th;
  std::vector<std::string> every_50th;
  for (int i = 0; i < 200; ++i) {
    ManagedNodeRecord node;
    node.scope = scope_;
    char id[32];
    std::snprintf(id, sizeof(id), "mi-%017x", 0x1000 + i);
    node.instance_id = id;
    nodes_.PutNode(tx, node);
    tags_.Put(tx, scope_, "ManagedInstance", node.instance_id,
              {{"all", "x"}, {"quarter", i % 4 == 0 ? "y" : "n"}, {"few", i % 50 == 0 ? "z" : "n"}});
    if (i % 4 == 0) every_4th.push_back(id);
    if (i % 50 == 0) every_50th.push_back(id);
  }
  tx.Commit();
  const std::vector<std::string> first5(every_4th.begin(), every_4th.begin() + 5);
  EXPECT_EQ(Query({Tag("all", {"x"}), Tag("quarter", {"y"})}, "", 5), first5);
  EXPECT_EQ(Query({Tag("quarter", {"y"}), Tag("all", {"x"})}, "", 5), first5);
  EXPECT_EQ(Query({Tag("all", {"x"}), Tag("quarter", {"y"})}, every_4th[2], 2),
            (std::vector<std::string>{every_4th[3], every_4th[4]}));
  EXPECT_EQ(Query({Tag("all", {"x"}), Tag("quarter", {"y"})}, "", 100), every_4th);
  // "few" has fewer matches than the density sample; with "quarter", nodes 0 and 100 match.
  EXPECT_EQ(Query({Tag("all", {"x"}), Tag("quarter", {"y"}), Tag("few", {"z"})}),
            (std::vector<std::string>{every_50th[0], every_50th[2]}));
  EXPECT_EQ(Query({Tag("few", {"z"}), Tag("all", {"x"})}, every_50th[1]),
            (std::vector<std::string>{every_50th[2], every_50th[3]}));
  EXPECT_TRUE(Query({Tag("quarter", {"y"}), Tag("few", {"n"}), Tag("all", {"n"})}).empty());
}

TEST_F(ManagedNodeStoreTest, TagAndColumnConditionsCombine) {
  EXPECT_EQ(Query({Tag("env", {"prod"}), Column("platform_type", {"Windows"})}, "", 3),
            (std::vector<std::string>{"mi-00000000000000003", "mi-00000000000000009",
                                      "mi-0000000000000000f"}));
}

TEST_F(ManagedNodeStoreTest, MultiValuedConditionsKeepIdOrder) {
  const std::vector<std::string> ids =
      Query({Column("agent_version", {"3.0.0.0", "3.1.0.0"}), Tag("env", {"prod", "dev"})});
  EXPECT_EQ(ids.size(), 30u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST_F(ManagedNodeStoreTest, PingConditionsSplitTheFleet) {
  NodeCondition recent;
  recent.kind = Kind::kPingAtLeast;
  recent.millis = 1025;
  NodeCondition old = recent;
  old.kind = Kind::kPingBefore;
  EXPECT_EQ(Query({recent}).size(), 5u);
  EXPECT_EQ(Query({old}).size(), 25u);
}

TEST_F(ManagedNodeStoreTest, PingOnlyPagesFollowTheCursorInIdOrderWithinTheScope) {
  NodeCondition old;
  old.kind = Kind::kPingBefore;
  old.millis = 1025;  // nodes 0..24
  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    const std::vector<std::string> ids = Query({old}, after, 10);
    if (ids.empty()) break;
    seen.insert(seen.end(), ids.begin(), ids.end());
    after = ids.back();
  }
  ASSERT_EQ(seen.size(), 25u);  // not the other account's node, whose ping is 0
  EXPECT_EQ(seen.front(), "mi-00000000000000000");
  EXPECT_EQ(seen.back(), "mi-00000000000000018");
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  // The rows carry their fields, not just the ids.
  store::Transaction tx = nodes_.Read();
  const std::vector<ManagedNodeRecord> page =
      nodes_.QueryNodes(tx, scope_, {old}, "mi-00000000000000004", 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].instance_id, "mi-00000000000000005");
  EXPECT_EQ(page[0].platform_type, "Windows");
  EXPECT_EQ(page[0].agent_version, "3.0.0.0");
  EXPECT_EQ(page[0].last_ping_millis, 1005);
  EXPECT_EQ(page[1].platform_type, "Linux");
  // Both bounds at once, and a range with nothing in it.
  NodeCondition recent = old;
  recent.kind = Kind::kPingAtLeast;
  recent.millis = 1020;
  EXPECT_EQ(Query({recent, old}).size(), 5u);
  recent.millis = 1026;
  EXPECT_TRUE(Query({recent, old}).empty());
}

TEST_F(ManagedNodeStoreTest, UnknownColumnMatchesNothing) {
  EXPECT_TRUE(Query({Column("public_key", {""})}).empty());
}

}  // namespace
}  // namespace nimbus::ssm
