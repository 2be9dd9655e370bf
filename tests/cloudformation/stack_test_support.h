#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include "testing/fake_resource.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation::testing {

// The fixture of the CloudFormation API and deployer tests: every service registered over an
// in-memory database (test::Runtime), the scheduler run by hand, and a Test::Fake resource type
// (testing/fake_resource.h) next to the native ones.
class StackTest : public ::testing::Test {
 protected:
  explicit StackTest(const std::string& db_path = ":memory:")
      : rt_(std::make_unique<test::Runtime>(db_path)) {
    AddFake();
  }

  void AddFake() {
    auto fake = std::make_unique<test::FakeResource>();
    fake_ = fake.get();
    rt_->cloudformation->resources().Add(std::move(fake));
  }

  boost::json::value Call(std::string_view operation, const boost::json::object& in = {}) {
    return rt_->Call(ctx_, "cloudformation", operation, in);
  }
  boost::json::value Ssm(std::string_view operation, const boost::json::object& in) {
    return rt_->Call(ctx_, "ssm", operation, in);
  }
  // The error `fn` throws: code and message.
  static core::AwsError ErrorOf(const std::function<void()>& fn) { return test::ErrorOf(fn); }

  // CreateStack with this body and the other members of `in`; returns the StackId. The
  // deployment has not run yet.
  std::string Start(std::string_view name, std::string_view body, boost::json::object in = {}) {
    in["StackName"] = name;
    in["TemplateBody"] = body;
    return std::string(Call("CreateStack", in).at("StackId").as_string());
  }
  // Start(), then the deployment as far as it goes without the clock moving.
  std::string Create(std::string_view name, std::string_view body, boost::json::object in = {}) {
    std::string id = Start(name, body, std::move(in));
    rt_->RunDueTasks();
    return id;
  }
  void Delete(std::string_view name, boost::json::object in = {}) {
    in["StackName"] = name;
    Call("DeleteStack", in);
    rt_->RunDueTasks();
  }
  boost::json::object Stack(std::string_view name_or_id) {
    return Call("DescribeStacks", {{"StackName", name_or_id}}).at("Stacks").at(0).as_object();
  }
  std::string Status(std::string_view name_or_id) {
    return std::string(Stack(name_or_id).at("StackStatus").as_string());
  }
  std::string Reason(std::string_view name_or_id) {
    const boost::json::object stack = Stack(name_or_id);
    const boost::json::value* reason = stack.if_contains("StackStatusReason");
    return reason ? std::string(reason->as_string()) : "";
  }
  // The OutputValue of the stack's output `key`, or "" when it has none.
  std::string Output(std::string_view name_or_id, std::string_view key) {
    const boost::json::object stack = Stack(name_or_id);
    for (const boost::json::value& output : stack.at("Outputs").as_array()) {
      if (output.at("OutputKey").as_string() == key) {
        return std::string(output.at("OutputValue").as_string());
      }
    }
    return "";
  }
  // Runs the deployment, moving the clock for each poll, until the stack's operation ends.
  void Settle(std::string_view name_or_id) {
    for (int i = 0; i < 50 && Status(name_or_id).ends_with("_IN_PROGRESS"); ++i) {
      rt_->clock.Advance(100);
      rt_->RunDueTasks();
    }
  }
  // The stack's events oldest first, each "<logical id> <status>" and " <reason>" if it has one.
  std::vector<std::string> Events(std::string_view name_or_id) {
    std::vector<std::string> lines;
    const boost::json::value out = Call("DescribeStackEvents", {{"StackName", name_or_id}});
    for (const boost::json::value& event : out.at("StackEvents").as_array()) {
      std::string line = std::string(event.at("LogicalResourceId").as_string()) + " " +
                         std::string(event.at("ResourceStatus").as_string());
      if (const boost::json::value* reason =
              event.as_object().if_contains("ResourceStatusReason")) {
        line += " " + std::string(reason->as_string());
      }
      lines.insert(lines.begin(), line);
    }
    return lines;
  }
  // The status of each resource, "<logical id> <status>", in ListStackResources order.
  std::vector<std::string> Resources(std::string_view name_or_id) {
    std::vector<std::string> lines;
    const boost::json::value out = Call("ListStackResources", {{"StackName", name_or_id}});
    for (const boost::json::value& r : out.at("StackResourceSummaries").as_array()) {
      lines.push_back(std::string(r.at("LogicalResourceId").as_string()) + " " +
                      std::string(r.at("ResourceStatus").as_string()));
    }
    return lines;
  }
  // The value of SSM parameter `name`, or "" when it does not exist.
  std::string Parameter(std::string_view name) {
    try {
      return std::string(
          Ssm("GetParameter", {{"Name", name}}).at("Parameter").at("Value").as_string());
    } catch (const core::AwsError&) {
      return "";
    }
  }

  std::unique_ptr<test::Runtime> rt_;
  core::RequestContext ctx_ = test::Context();
  test::FakeResource* fake_ = nullptr;
};

// `Fixture` (a StackTest) over a database file of its own instead of memory, with Restart(): a new
// runtime over the same file at the same time, as a restart with --data-dir has. The file, its
// WAL and its shared memory are removed at the end.
template <class Fixture>
class OnDatabaseFile : public Fixture {
 protected:
  OnDatabaseFile() : Fixture(Path()) {}
  ~OnDatabaseFile() override {
    this->rt_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(Path() + suffix);
  }
  static std::string Path() {
    return (std::filesystem::temp_directory_path() /
            ("nimbus-cfn-restart-" + std::to_string(::getpid()) + ".db"))
        .string();
  }
  void Restart() {
    const int64_t now = this->rt_->clock.NowMillis();
    this->rt_.reset();
    this->rt_ = std::make_unique<test::Runtime>(Path());
    this->rt_->clock.Set(now);
    this->AddFake();
  }
};

}  // namespace nimbus::cloudformation::testing
