#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::FailureOf;
using testing::Json;

// 2024-05-01T00:00:00Z, a Wednesday.
constexpr int64_t kMay1 = 1714521600000;

class MaintenanceWindowTest : public testing::ParameterTest {
 protected:
  MaintenanceWindowTest() { rt_.clock.Set(kMay1); }

  std::string CreateWindow(const std::string& name,
                           const std::string& schedule = "cron(0 16 ? * TUE *)",
                           json::object extra = {}) {
    extra["Name"] = "win-" + name;  // the model wants at least three characters
    extra["Schedule"] = schedule;
    if (!extra.contains("Duration")) extra["Duration"] = 4;
    if (!extra.contains("Cutoff")) extra["Cutoff"] = 1;
    extra["AllowUnassociatedTargets"] = false;
    return std::string(Call("CreateMaintenanceWindow", extra).at("WindowId").as_string());
  }
  std::string RegisterTarget(const std::string& window, const std::string& instance) {
    return std::string(
        Call("RegisterTargetWithMaintenanceWindow",
             json::object{{"WindowId", window},
                          {"ResourceType", "INSTANCE"},
                          {"Targets", json::array{json::object{
                                          {"Key", "InstanceIds"},
                                          {"Values", json::array{json::string(instance)}}}}}})
            .at("WindowTargetId")
            .as_string());
  }
  std::string RegisterTask(const std::string& window, const std::string& target) {
    return std::string(
        Call("RegisterTaskWithMaintenanceWindow",
             json::object{{"WindowId", window},
                          {"TaskArn", "AWS-RunShellScript"},
                          {"TaskType", "RUN_COMMAND"},
                          {"MaxConcurrency", "1"},
                          {"MaxErrors", "0"},
                          {"Targets", json::array{json::object{
                                          {"Key", "WindowTargetIds"},
                                          {"Values", json::array{json::string(target)}}}}},
                          {"TaskInvocationParameters",
                           Json(R"({"RunCommand": {"Parameters": {"commands": ["uptime"]}}})")}})
            .at("WindowTaskId")
            .as_string());
  }
};

TEST_F(MaintenanceWindowTest, CreateMaintenanceWindowAnswersAnMwIdOfSeventeenHexDigits) {
  const std::string id = CreateWindow("nightly");
  EXPECT_EQ(id.size(), 20u);
  EXPECT_EQ(id.substr(0, 3), "mw-");
}

TEST_F(MaintenanceWindowTest, GetMaintenanceWindowReportsTheNextRunFromTheSchedule) {
  const json::value w =
      Call("GetMaintenanceWindow", json::object{{"WindowId", CreateWindow("w1")}});
  EXPECT_EQ(w.at("Name").as_string(), "win-w1");
  EXPECT_EQ(w.at("Enabled").as_bool(), true);
  EXPECT_EQ(w.at("Duration").as_int64(), 4);
  EXPECT_EQ(w.at("NextExecutionTime").as_string(), "2024-05-07T16:00Z");
  EXPECT_EQ(w.at("CreatedDate").as_double(), 1714521600.0);
}

TEST_F(MaintenanceWindowTest, GetOfAnUnknownWindowIsDoesNotExistWithAwsWording) {
  EXPECT_EQ(FailureOf([&] {
              Call("GetMaintenanceWindow", json::object{{"WindowId", "mw-0123456789abcdef0"}});
            }),
            testing::Failure("DoesNotExistException",
                             "Maintenance window mw-0123456789abcdef0 does not exist"));
}

TEST_F(MaintenanceWindowTest, AnInvalidScheduleIsAValidationException) {
  EXPECT_EQ(ErrorOf([&] { CreateWindow("bad", "cron(0 16 * * TUE *)"); }), "ValidationException");
}

TEST_F(MaintenanceWindowTest, ACutoffNotBelowTheDurationIsAValidationException) {
  EXPECT_EQ(ErrorOf([&] {
              CreateWindow("bad", "rate(1 day)", json::object{{"Duration", 2}, {"Cutoff", 2}});
            }),
            "ValidationException");
}

TEST_F(MaintenanceWindowTest, AScheduleOffsetWithARateIsAValidationException) {
  EXPECT_EQ(ErrorOf([&] {
              CreateWindow("bad", "rate(1 day)", json::object{{"ScheduleOffset", 2}});
            }),
            "ValidationException");
}

TEST_F(MaintenanceWindowTest, TheSameClientTokenCreatesOneWindow) {
  const std::string a = CreateWindow("once", "rate(1 day)", json::object{{"ClientToken", "t-1"}});
  const std::string b = CreateWindow("once", "rate(1 day)", json::object{{"ClientToken", "t-1"}});
  EXPECT_EQ(a, b);
}

TEST_F(MaintenanceWindowTest, UpdateWithReplaceClearsTheOptionalMembersNotGiven) {
  const std::string id = CreateWindow("w", "rate(1 day)", json::object{{"Description", "old"}});
  const json::value out =
      Call("UpdateMaintenanceWindow", json::object{{"WindowId", id},
                                                   {"Name", "win-w2"},
                                                   {"Schedule", "rate(2 days)"},
                                                   {"Duration", 3},
                                                   {"Cutoff", 0},
                                                   {"AllowUnassociatedTargets", true},
                                                   {"Replace", true}});
  EXPECT_EQ(out.at("Name").as_string(), "win-w2");
  EXPECT_FALSE(out.as_object().contains("Description"));
}

TEST_F(MaintenanceWindowTest, UpdateWithoutReplaceKeepsWhatIsNotGiven) {
  const std::string id = CreateWindow("w", "rate(1 day)", json::object{{"Description", "kept"}});
  const json::value out =
      Call("UpdateMaintenanceWindow", json::object{{"WindowId", id}, {"Enabled", false}});
  EXPECT_EQ(out.at("Description").as_string(), "kept");
  EXPECT_EQ(out.at("Enabled").as_bool(), false);
}

TEST_F(MaintenanceWindowTest, UpdateWithReplaceAndWithoutTheRequiredMembersIsAValidationException) {
  const std::string id = CreateWindow("w");
  EXPECT_EQ(ErrorOf([&] {
              Call("UpdateMaintenanceWindow", json::object{{"WindowId", id}, {"Replace", true}});
            }),
            "ValidationException");
}

TEST_F(MaintenanceWindowTest, DescribeMaintenanceWindowsFiltersByEnabled) {
  CreateWindow("on");
  const std::string off = CreateWindow("off");
  Call("UpdateMaintenanceWindow", json::object{{"WindowId", off}, {"Enabled", false}});
  const json::value out = Call("DescribeMaintenanceWindows",
                               Json(R"({"Filters": [{"Key": "Enabled", "Values": ["True"]}]})"));
  ASSERT_EQ(out.at("WindowIdentities").as_array().size(), 1u);
  EXPECT_EQ(out.at("WindowIdentities").at(0).at("Name").as_string(), "win-on");
}

TEST_F(MaintenanceWindowTest, DescribeMaintenanceWindowsPagesWithNextToken) {
  for (int i = 0; i < 12; ++i) CreateWindow("w" + std::to_string(i));
  const json::value first = Call("DescribeMaintenanceWindows", Json(R"({"MaxResults": 10})"));
  EXPECT_EQ(first.at("WindowIdentities").as_array().size(), 10u);
  const json::value second =
      Call("DescribeMaintenanceWindows",
           json::object{{"MaxResults", 10}, {"NextToken", first.at("NextToken")}});
  EXPECT_EQ(second.at("WindowIdentities").as_array().size(), 2u);
  EXPECT_FALSE(second.as_object().contains("NextToken"));
}

TEST_F(MaintenanceWindowTest, DeleteMaintenanceWindowOfAnUnknownIdAnswersTheId) {
  EXPECT_EQ(Call("DeleteMaintenanceWindow", json::object{{"WindowId", "mw-0123456789abcdef0"}})
                .at("WindowId")
                .as_string(),
            "mw-0123456789abcdef0");
}

TEST_F(MaintenanceWindowTest, RegisteredTargetsAreListedWithTheirWindow) {
  const std::string window = CreateWindow("w");
  const std::string target = RegisterTarget(window, "i-0123456789abcdef0");
  const json::value out =
      Call("DescribeMaintenanceWindowTargets", json::object{{"WindowId", window}});
  ASSERT_EQ(out.at("Targets").as_array().size(), 1u);
  EXPECT_EQ(out.at("Targets").at(0).at("WindowTargetId").as_string(), target);
  EXPECT_EQ(out.at("Targets").at(0).at("ResourceType").as_string(), "INSTANCE");
}

TEST_F(MaintenanceWindowTest, RegisterTargetWithAnUnknownWindowIsDoesNotExist) {
  EXPECT_EQ(ErrorOf([&] { RegisterTarget("mw-0123456789abcdef0", "i-1"); }),
            "DoesNotExistException");
}

TEST_F(MaintenanceWindowTest, SafeDeregisterOfATargetATaskUsesIsTargetInUse) {
  const std::string window = CreateWindow("w");
  const std::string target = RegisterTarget(window, "i-1");
  RegisterTask(window, target);
  EXPECT_EQ(ErrorOf([&] {
              Call("DeregisterTargetFromMaintenanceWindow",
                   json::object{{"WindowId", window}, {"WindowTargetId", target}, {"Safe", true}});
            }),
            "TargetInUseException");
}

TEST_F(MaintenanceWindowTest, DeregisterWithoutSafeRemovesATargetInUse) {
  const std::string window = CreateWindow("w");
  const std::string target = RegisterTarget(window, "i-1");
  RegisterTask(window, target);
  Call("DeregisterTargetFromMaintenanceWindow",
       json::object{{"WindowId", window}, {"WindowTargetId", target}});
  EXPECT_EQ(Call("DescribeMaintenanceWindowTargets", json::object{{"WindowId", window}})
                .at("Targets")
                .as_array()
                .size(),
            0u);
}

TEST_F(MaintenanceWindowTest, GetMaintenanceWindowTaskKeepsTheInvocationParameters) {
  const std::string window = CreateWindow("w");
  const std::string task = RegisterTask(window, RegisterTarget(window, "i-1"));
  const json::value out =
      Call("GetMaintenanceWindowTask", json::object{{"WindowId", window}, {"WindowTaskId", task}});
  EXPECT_EQ(out.at("TaskType").as_string(), "RUN_COMMAND");
  EXPECT_EQ(out.at("CutoffBehavior").as_string(), "CONTINUE_TASK");
  EXPECT_EQ(out.at("TaskInvocationParameters")
                .at("RunCommand")
                .at("Parameters")
                .at("commands")
                .at(0)
                .as_string(),
            "uptime");
}

TEST_F(MaintenanceWindowTest, ATaskWithTargetsButNoMaxConcurrencyIsAValidationException) {
  const std::string window = CreateWindow("w");
  const std::string target = RegisterTarget(window, "i-1");
  EXPECT_EQ(ErrorOf([&] {
              Call("RegisterTaskWithMaintenanceWindow",
                   json::object{{"WindowId", window},
                                {"TaskArn", "AWS-RunShellScript"},
                                {"TaskType", "RUN_COMMAND"},
                                {"Targets", json::array{json::object{
                                                {"Key", "WindowTargetIds"},
                                                {"Values", json::array{json::string(target)}}}}}});
            }),
            "ValidationException");
}

TEST_F(MaintenanceWindowTest, DescribeMaintenanceWindowTasksCallsTheTaskTypeType) {
  const std::string window = CreateWindow("w");
  RegisterTask(window, RegisterTarget(window, "i-1"));
  const json::value out =
      Call("DescribeMaintenanceWindowTasks", json::object{{"WindowId", window}});
  ASSERT_EQ(out.at("Tasks").as_array().size(), 1u);
  EXPECT_EQ(out.at("Tasks").at(0).at("Type").as_string(), "RUN_COMMAND");
}

TEST_F(MaintenanceWindowTest, UpdateMaintenanceWindowTaskChangesThePriority) {
  const std::string window = CreateWindow("w");
  const std::string task = RegisterTask(window, RegisterTarget(window, "i-1"));
  const json::value out =
      Call("UpdateMaintenanceWindowTask",
           json::object{{"WindowId", window}, {"WindowTaskId", task}, {"Priority", 5}});
  EXPECT_EQ(out.at("Priority").as_int64(), 5);
  EXPECT_EQ(out.at("TaskArn").as_string(), "AWS-RunShellScript");
}

TEST_F(MaintenanceWindowTest, DeregisterTaskOfAnUnknownTaskIsDoesNotExist) {
  const std::string window = CreateWindow("w");
  EXPECT_EQ(ErrorOf([&] {
              Call("DeregisterTaskFromMaintenanceWindow",
                   json::object{{"WindowId", window},
                                {"WindowTaskId", "01234567-89ab-cdef-0123-456789abcdef"}});
            }),
            "DoesNotExistException");
}

TEST_F(MaintenanceWindowTest, DescribeMaintenanceWindowsForTargetFindsTheWindowsOfAnInstance) {
  const std::string window = CreateWindow("mine");
  RegisterTarget(window, "i-0aaa");
  RegisterTarget(CreateWindow("other"), "i-0bbb");
  const json::value out = Call(
      "DescribeMaintenanceWindowsForTarget",
      Json(
          R"({"ResourceType": "INSTANCE", "Targets": [{"Key": "InstanceIds", "Values": ["i-0aaa"]}]})"));
  ASSERT_EQ(out.at("WindowIdentities").as_array().size(), 1u);
  EXPECT_EQ(out.at("WindowIdentities").at(0).at("WindowId").as_string(), window);
}

TEST_F(MaintenanceWindowTest, DescribeMaintenanceWindowScheduleListsTheNextRuns) {
  const std::string window = CreateWindow("w");
  const json::value out = Call("DescribeMaintenanceWindowSchedule",
                               json::object{{"WindowId", window}, {"MaxResults", 2}});
  const json::array& runs = out.at("ScheduledWindowExecutions").as_array();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs.at(0).at("ExecutionTime").as_string(), "2024-05-07T16:00Z");
  EXPECT_EQ(runs.at(1).at("ExecutionTime").as_string(), "2024-05-14T16:00Z");
  EXPECT_TRUE(out.as_object().contains("NextToken"));
}

TEST_F(MaintenanceWindowTest, DescribeMaintenanceWindowScheduleStopsAtScheduledBefore) {
  const std::string window = CreateWindow("w");
  const json::value out = Call("DescribeMaintenanceWindowSchedule",
                               json::object{{"WindowId", window},
                                            {"Filters", Json(R"({"f": [{"Key": "ScheduledBefore",
                                              "Values": ["2024-05-20T00:00:00Z"]}]})")
                                                            .at("f")}});
  EXPECT_EQ(out.at("ScheduledWindowExecutions").as_array().size(), 2u);
}

TEST_F(MaintenanceWindowTest, DescribeMaintenanceWindowExecutionsIsEmpty) {
  EXPECT_EQ(
      Call("DescribeMaintenanceWindowExecutions", json::object{{"WindowId", CreateWindow("w")}})
          .at("WindowExecutions")
          .as_array()
          .size(),
      0u);
}

TEST_F(MaintenanceWindowTest, WindowTagsAreListedForResourceTypeMaintenanceWindow) {
  const std::string window = CreateWindow(
      "w", "rate(1 day)",
      json::object{{"Tags", Json(R"({"t": [{"Key": "env", "Value": "dev"}]})").at("t")}});
  const json::value out =
      Call("ListTagsForResource",
           json::object{{"ResourceType", "MaintenanceWindow"}, {"ResourceId", window}});
  ASSERT_EQ(out.at("TagList").as_array().size(), 1u);
  EXPECT_EQ(out.at("TagList").at(0).at("Value").as_string(), "dev");
}

}  // namespace
}  // namespace nimbus::ssm
