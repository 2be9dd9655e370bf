// A deleted stack's events packed into one value and back.
#include "cloudformation/event_archive.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.h"

namespace nimbus::cloudformation::internal {
namespace {

// 2026-05-17T06:40:00.123Z
constexpr int64_t kMillis = 1'779'000'000'123;

EventRecord Resource(std::string logical_id, std::string status, int64_t millis) {
  return EventRecord{.event_id = "",
                     .logical_id = logical_id,
                     .physical_id = "/app/" + logical_id,
                     .type = "AWS::SSM::Parameter",
                     .status = status,
                     .reason = "",
                     .properties = R"({"Name":"/app/)" + logical_id + R"(","Value":"v"})",
                     .timestamp_millis = millis,
                     .client_request_token = "token-1",
                     .operation_id = "0b7f2c3e-8d21-4f0a-9e61-5a4c3b2d1e0f"};
}

TEST(EventArchiveTest, UnpackingGivesBackEveryMemberAndPosition) {
  EventRecord stack{.event_id = "5d2b7e4a-1c3f-4e8d-9a0b-6f1e2d3c4b5a",
                    .logical_id = "app",
                    .physical_id = "arn:aws:cloudformation:us-east-1:111122223333:stack/app/1",
                    .type = "AWS::CloudFormation::Stack",
                    .status = "DELETE_COMPLETE",
                    .reason = "",
                    .properties = "",
                    .timestamp_millis = kMillis + 2500,
                    .client_request_token = "",
                    .operation_id = "c1d2e3f4-0000-4000-8000-000000000001"};
  EventRecord a = Resource("A", "CREATE_IN_PROGRESS", kMillis);
  a.event_id = "A-CREATE_IN_PROGRESS-2026-05-17T06:40:00.123Z";
  a.reason = "Resource creation Initiated";
  const std::vector<PositionedEvent> events = {{7, a}, {9, stack}};

  const std::vector<PositionedEvent> back = UnpackEvents(PackEvents(events));

  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].first, 7);
  EXPECT_EQ(back[0].second.event_id, "A-CREATE_IN_PROGRESS-2026-05-17T06:40:00.123Z");
  EXPECT_EQ(back[0].second.logical_id, "A");
  EXPECT_EQ(back[0].second.physical_id, "/app/A");
  EXPECT_EQ(back[0].second.type, "AWS::SSM::Parameter");
  EXPECT_EQ(back[0].second.status, "CREATE_IN_PROGRESS");
  EXPECT_EQ(back[0].second.reason, "Resource creation Initiated");
  EXPECT_EQ(back[0].second.properties, R"({"Name":"/app/A","Value":"v"})");
  EXPECT_EQ(back[0].second.timestamp_millis, kMillis);
  EXPECT_EQ(back[0].second.client_request_token, "token-1");
  EXPECT_EQ(back[0].second.operation_id, "0b7f2c3e-8d21-4f0a-9e61-5a4c3b2d1e0f");
  EXPECT_EQ(back[1].first, 9);
  EXPECT_EQ(back[1].second.event_id, "5d2b7e4a-1c3f-4e8d-9a0b-6f1e2d3c4b5a");
  EXPECT_EQ(back[1].second.physical_id,
            "arn:aws:cloudformation:us-east-1:111122223333:stack/app/1");
  EXPECT_EQ(back[1].second.timestamp_millis, kMillis + 2500);
  EXPECT_EQ(back[1].second.operation_id, "c1d2e3f4-0000-4000-8000-000000000001");
}

TEST(EventArchiveTest, AResourceEventIdUnlikeItsRebuiltFormIsKeptAsItWas) {
  EventRecord a = Resource("A", "CREATE_COMPLETE", kMillis);
  a.event_id = "A-CREATE_COMPLETE-2026-05-17T06:40:00Z";
  EXPECT_EQ(UnpackEvents(PackEvents({{1, a}}))[0].second.event_id,
            "A-CREATE_COMPLETE-2026-05-17T06:40:00Z");
}

TEST(EventArchiveTest, ATimeEarlierThanThePreviousEventsIsKept) {
  EventRecord a = Resource("A", "CREATE_COMPLETE", kMillis);
  EventRecord b = Resource("B", "CREATE_COMPLETE", kMillis - 86'400'000);
  const std::vector<PositionedEvent> back = UnpackEvents(PackEvents({{1, a}, {2, b}}));
  EXPECT_EQ(back[1].second.timestamp_millis, kMillis - 86'400'000);
}

TEST(EventArchiveTest, AThousandEventsOfFiveResourcesPackIntoAFewBytesEach) {
  std::vector<PositionedEvent> events;
  for (int i = 0; i < 1000; ++i) {
    EventRecord e = Resource("P" + std::to_string(i % 5), "CREATE_COMPLETE", kMillis + i);
    e.event_id = e.logical_id + "-CREATE_COMPLETE-" + core::FormatIso8601(kMillis + i);
    events.emplace_back(i + 1, e);
  }
  const std::string packed = PackEvents(events);
  EXPECT_LT(packed.size(), 4'000u);
  EXPECT_EQ(UnpackEvents(packed)[999].second.event_id, "P4-CREATE_COMPLETE-2026-05-17T06:40:01.122Z");
}

TEST(EventArchiveTest, UnpackingSomethingElseThrows) {
  EXPECT_THROW(UnpackEvents("not packed events"), std::runtime_error);
  EXPECT_THROW(UnpackEvents(""), std::runtime_error);
}

}  // namespace
}  // namespace nimbus::cloudformation::internal
