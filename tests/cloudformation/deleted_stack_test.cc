// What a deleted stack answers by its id, pinned in full: a deleted stack's rows are stored more
// compactly than a live one's, and no answer may change with it.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

// An SSM parameter, a Test::Fake after it and a retained Test::Fake: events with properties,
// physical ids, reasons and DELETE_SKIPPED.
constexpr std::string_view kTemplate = R"({"Resources": {
  "A": {"Type": "AWS::SSM::Parameter", "Metadata": {"Owner": "ops"},
        "Properties": {"Name": "/gone/a", "Type": "String", "Value": "a"}},
  "B": {"Type": "Test::Fake", "DependsOn": "A", "Properties": {"Tag": "b"}},
  "C": {"Type": "Test::Fake", "DeletionPolicy": "Retain"}}})";

class DeletedStackTest : public testing::StackTest {
 protected:
  // Creates "gone" with token create-1, moves the clock 1,234 ms, deletes it with token
  // delete-1; returns its id.
  std::string CreateAndDelete() {
    const std::string id = Create("gone", kTemplate, {{"ClientRequestToken", "create-1"}});
    rt_->clock.Advance(1234);
    Delete("gone", {{"ClientRequestToken", "delete-1"}});
    return id;
  }
  // The answer as JSON text, with the stack's id written as {id} and times relative to the
  // clock's start ({t0} and {t0+1.234}), so the expected texts stay readable.
  std::string Answer(std::string_view operation, const json::object& in,
                     const std::string& id) {
    std::string text = json::serialize(Call(operation, in));
    Replace(text, id, "{id}");
    Replace(text, json::serialize(json::value(start_ + 1.234)), "{t0+1.234}");
    Replace(text, json::serialize(json::value(start_)), "{t0}");
    return text;
  }
  static void Replace(std::string& text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }

  const double start_ = rt_->clock.NowSeconds();
};

TEST_F(DeletedStackTest, DescribeStackEventsAnswersEveryEventAsBefore) {
  const std::string id = CreateAndDelete();
  EXPECT_EQ(Answer("DescribeStackEvents", {{"StackName", id}}, id),
            R"j({"StackEvents":[{"StackId":"{id}","EventId":"47993742-f825-42ff-a947-54999a5cb10)j"
            R"j(5","StackName":"gone","OperationId":"a462a1b0-e7f4-494a-8004-4617594ad20b","Logi)j"
            R"j(calResourceId":"gone","PhysicalResourceId":"{id}","ResourceType":"AWS::CloudForm)j"
            R"j(ation::Stack","Timestamp":{t0+1.234},"ResourceStatus":"DELETE_COMPLETE","ClientR)j"
            R"j(equestToken":"delete-1"},{"StackId":"{id}","EventId":"A-DELETE_COMPLETE-2026-05-)j"
            R"j(17T06:40:01.234Z","StackName":"gone","OperationId":"a462a1b0-e7f4-494a-8004-4617)j"
            R"j(594ad20b","LogicalResourceId":"A","PhysicalResourceId":"/gone/a","ResourceType":)j"
            R"j("AWS::SSM::Parameter","Timestamp":{t0+1.234},"ResourceStatus":"DELETE_COMPLETE",)j"
            R"j("ResourceProperties":"{\"Name\":\"/gone/a\",\"Type\":\"String\",\"Value\":\"a\"})j"
            R"j(","ClientRequestToken":"delete-1"},{"StackId":"{id}","EventId":"A-DELETE_IN_PROG)j"
            R"j(RESS-2026-05-17T06:40:01.234Z","StackName":"gone","OperationId":"a462a1b0-e7f4-4)j"
            R"j(94a-8004-4617594ad20b","LogicalResourceId":"A","PhysicalResourceId":"/gone/a","R)j"
            R"j(esourceType":"AWS::SSM::Parameter","Timestamp":{t0+1.234},"ResourceStatus":"DELE)j"
            R"j(TE_IN_PROGRESS","ResourceProperties":"{\"Name\":\"/gone/a\",\"Type\":\"String\",)j"
            R"j(\"Value\":\"a\"}","ClientRequestToken":"delete-1"},{"StackId":"{id}","EventId":")j"
            R"j(B-DELETE_COMPLETE-2026-05-17T06:40:01.234Z","StackName":"gone","OperationId":"a4)j"
            R"j(62a1b0-e7f4-494a-8004-4617594ad20b","LogicalResourceId":"B","PhysicalResourceId")j"
            R"j(:"fake-B","ResourceType":"Test::Fake","Timestamp":{t0+1.234},"ResourceStatus":"D)j"
            R"j(ELETE_COMPLETE","ResourceProperties":"{\"Tag\":\"b\"}","ClientRequestToken":"del)j"
            R"j(ete-1"},{"StackId":"{id}","EventId":"B-DELETE_IN_PROGRESS-2026-05-17T06:40:01.23)j"
            R"j(4Z","StackName":"gone","OperationId":"a462a1b0-e7f4-494a-8004-4617594ad20b","Log)j"
            R"j(icalResourceId":"B","PhysicalResourceId":"fake-B","ResourceType":"Test::Fake","T)j"
            R"j(imestamp":{t0+1.234},"ResourceStatus":"DELETE_IN_PROGRESS","ResourceProperties":)j"
            R"j("{\"Tag\":\"b\"}","ClientRequestToken":"delete-1"},{"StackId":"{id}","EventId":")j"
            R"j(C-DELETE_SKIPPED-2026-05-17T06:40:01.234Z","StackName":"gone","OperationId":"a46)j"
            R"j(2a1b0-e7f4-494a-8004-4617594ad20b","LogicalResourceId":"C","PhysicalResourceId":)j"
            R"j("fake-C","ResourceType":"Test::Fake","Timestamp":{t0+1.234},"ResourceStatus":"DE)j"
            R"j(LETE_SKIPPED","ResourceProperties":"{}","ClientRequestToken":"delete-1"},{"Stack)j"
            R"j(Id":"{id}","EventId":"048f5ad9-72ed-4af4-8556-8764bc7e95ed","StackName":"gone",")j"
            R"j(OperationId":"a462a1b0-e7f4-494a-8004-4617594ad20b","LogicalResourceId":"gone",")j"
            R"j(PhysicalResourceId":"{id}","ResourceType":"AWS::CloudFormation::Stack","Timestam)j"
            R"j(p":{t0+1.234},"ResourceStatus":"DELETE_IN_PROGRESS","ResourceStatusReason":"User)j"
            R"j( Initiated","ClientRequestToken":"delete-1"},{"StackId":"{id}","EventId":"2b3180)j"
            R"j(4b-1892-454c-9dfa-afc1290f151f","StackName":"gone","OperationId":"242a5f87-d0a7-)j"
            R"j(4edd-8e1a-95d201fdd96c","LogicalResourceId":"gone","PhysicalResourceId":"{id}",")j"
            R"j(ResourceType":"AWS::CloudFormation::Stack","Timestamp":{t0},"ResourceStatus":"CR)j"
            R"j(EATE_COMPLETE","ClientRequestToken":"create-1"},{"StackId":"{id}","EventId":"B-C)j"
            R"j(REATE_COMPLETE-2026-05-17T06:40:00.000Z","StackName":"gone","OperationId":"242a5)j"
            R"j(f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"B","PhysicalResourceId":"f)j"
            R"j(ake-B","ResourceType":"Test::Fake","Timestamp":{t0},"ResourceStatus":"CREATE_COM)j"
            R"j(PLETE","ResourceProperties":"{\"Tag\":\"b\"}","ClientRequestToken":"create-1"},{)j"
            R"j("StackId":"{id}","EventId":"B-CREATE_IN_PROGRESS-2026-05-17T06:40:00.000Z","Stac)j"
            R"j(kName":"gone","OperationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResou)j"
            R"j(rceId":"B","PhysicalResourceId":"fake-B","ResourceType":"Test::Fake","Timestamp")j"
            R"j(:{t0},"ResourceStatus":"CREATE_IN_PROGRESS","ResourceStatusReason":"Resource cre)j"
            R"j(ation Initiated","ResourceProperties":"{\"Tag\":\"b\"}","ClientRequestToken":"cr)j"
            R"j(eate-1"},{"StackId":"{id}","EventId":"B-CREATE_IN_PROGRESS-2026-05-17T06:40:00.0)j"
            R"j(00Z","StackName":"gone","OperationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","Lo)j"
            R"j(gicalResourceId":"B","PhysicalResourceId":"","ResourceType":"Test::Fake","Timest)j"
            R"j(amp":{t0},"ResourceStatus":"CREATE_IN_PROGRESS","ResourceProperties":"{\"Tag\":\)j"
            R"j("b\"}","ClientRequestToken":"create-1"},{"StackId":"{id}","EventId":"C-CREATE_CO)j"
            R"j(MPLETE-2026-05-17T06:40:00.000Z","StackName":"gone","OperationId":"242a5f87-d0a7)j"
            R"j(-4edd-8e1a-95d201fdd96c","LogicalResourceId":"C","PhysicalResourceId":"fake-C",")j"
            R"j(ResourceType":"Test::Fake","Timestamp":{t0},"ResourceStatus":"CREATE_COMPLETE",")j"
            R"j(ResourceProperties":"{}","ClientRequestToken":"create-1"},{"StackId":"{id}","Eve)j"
            R"j(ntId":"A-CREATE_COMPLETE-2026-05-17T06:40:00.000Z","StackName":"gone","Operation)j"
            R"j(Id":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"A","PhysicalReso)j"
            R"j(urceId":"/gone/a","ResourceType":"AWS::SSM::Parameter","Timestamp":{t0},"Resourc)j"
            R"j(eStatus":"CREATE_COMPLETE","ResourceProperties":"{\"Name\":\"/gone/a\",\"Type\":)j"
            R"j(\"String\",\"Value\":\"a\"}","ClientRequestToken":"create-1"},{"StackId":"{id}",)j"
            R"j("EventId":"C-CREATE_IN_PROGRESS-2026-05-17T06:40:00.000Z","StackName":"gone","Op)j"
            R"j(erationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"C","Physi)j"
            R"j(calResourceId":"fake-C","ResourceType":"Test::Fake","Timestamp":{t0},"ResourceSt)j"
            R"j(atus":"CREATE_IN_PROGRESS","ResourceStatusReason":"Resource creation Initiated",)j"
            R"j("ResourceProperties":"{}","ClientRequestToken":"create-1"},{"StackId":"{id}","Ev)j"
            R"j(entId":"A-CREATE_IN_PROGRESS-2026-05-17T06:40:00.000Z","StackName":"gone","Opera)j"
            R"j(tionId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"A","Physical)j"
            R"j(ResourceId":"/gone/a","ResourceType":"AWS::SSM::Parameter","Timestamp":{t0},"Res)j"
            R"j(ourceStatus":"CREATE_IN_PROGRESS","ResourceStatusReason":"Resource creation Init)j"
            R"j(iated","ResourceProperties":"{\"Name\":\"/gone/a\",\"Type\":\"String\",\"Value\")j"
            R"j(:\"a\"}","ClientRequestToken":"create-1"},{"StackId":"{id}","EventId":"C-CREATE_)j"
            R"j(IN_PROGRESS-2026-05-17T06:40:00.000Z","StackName":"gone","OperationId":"242a5f87)j"
            R"j(-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"C","PhysicalResourceId":"","R)j"
            R"j(esourceType":"Test::Fake","Timestamp":{t0},"ResourceStatus":"CREATE_IN_PROGRESS")j"
            R"j(,"ResourceProperties":"{}","ClientRequestToken":"create-1"},{"StackId":"{id}","E)j"
            R"j(ventId":"A-CREATE_IN_PROGRESS-2026-05-17T06:40:00.000Z","StackName":"gone","Oper)j"
            R"j(ationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"A","Physica)j"
            R"j(lResourceId":"","ResourceType":"AWS::SSM::Parameter","Timestamp":{t0},"ResourceS)j"
            R"j(tatus":"CREATE_IN_PROGRESS","ResourceProperties":"{\"Name\":\"/gone/a\",\"Type\")j"
            R"j(:\"String\",\"Value\":\"a\"}","ClientRequestToken":"create-1"},{"StackId":"{id}")j"
            R"j(,"EventId":"d52039de-8d0e-4181-a694-f6378f1c4446","StackName":"gone","OperationI)j"
            R"j(d":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"gone","PhysicalRe)j"
            R"j(sourceId":"{id}","ResourceType":"AWS::CloudFormation::Stack","Timestamp":{t0},"R)j"
            R"j(esourceStatus":"CREATE_IN_PROGRESS","ResourceStatusReason":"User Initiated","Cli)j"
            R"j(entRequestToken":"create-1"}]})j");
}

TEST_F(DeletedStackTest, DescribeStacksByIdAnswersTheStackAsBefore) {
  const std::string id = CreateAndDelete();
  EXPECT_EQ(Answer("DescribeStacks", {{"StackName", id}}, id),
            R"j({"Stacks":[{"StackId":"{id}","StackName":"gone","Parameters":[],"CreationTime":{)j"
            R"j(t0},"DeletionTime":{t0+1.234},"RollbackConfiguration":{},"StackStatus":"DELETE_C)j"
            R"j(OMPLETE","DisableRollback":false,"NotificationARNs":[],"Capabilities":[],"Tags":)j"
            R"j([],"EnableTerminationProtection":false,"DriftInformation":{"StackDriftStatus":"N)j"
            R"j(OT_CHECKED"},"RetainExceptOnCreate":false,"LastOperations":[{"OperationType":"DE)j"
            R"j(LETE_STACK","OperationId":"a462a1b0-e7f4-494a-8004-4617594ad20b"}]}]})j");
}

TEST_F(DeletedStackTest, ListStacksAnswersTheSummaryAsBefore) {
  const std::string id = CreateAndDelete();
  EXPECT_EQ(Answer("ListStacks", {}, id),
            R"j({"StackSummaries":[{"StackId":"{id}","StackName":"gone","CreationTime":{t0},"Del)j"
            R"j(etionTime":{t0+1.234},"StackStatus":"DELETE_COMPLETE","DriftInformation":{"Stack)j"
            R"j(DriftStatus":"NOT_CHECKED"},"LastOperations":[{"OperationType":"DELETE_STACK","O)j"
            R"j(perationId":"a462a1b0-e7f4-494a-8004-4617594ad20b"}]}]})j");
}

TEST_F(DeletedStackTest, DescribeStackResourcesAnswersTheResourcesAsBefore) {
  const std::string id = CreateAndDelete();
  EXPECT_EQ(Answer("DescribeStackResources", {{"StackName", id}}, id),
            R"j({"StackResources":[{"StackName":"gone","StackId":"{id}","LogicalResourceId":"A",)j"
            R"j("PhysicalResourceId":"/gone/a","ResourceType":"AWS::SSM::Parameter","Timestamp":)j"
            R"j({t0+1.234},"ResourceStatus":"DELETE_COMPLETE","DriftInformation":{"StackResource)j"
            R"j(DriftStatus":"NOT_CHECKED"}},{"StackName":"gone","StackId":"{id}","LogicalResour)j"
            R"j(ceId":"C","PhysicalResourceId":"fake-C","ResourceType":"Test::Fake","Timestamp":)j"
            R"j({t0+1.234},"ResourceStatus":"DELETE_SKIPPED","DriftInformation":{"StackResourceD)j"
            R"j(riftStatus":"NOT_CHECKED"}},{"StackName":"gone","StackId":"{id}","LogicalResourc)j"
            R"j(eId":"B","PhysicalResourceId":"fake-B","ResourceType":"Test::Fake","Timestamp":{)j"
            R"j(t0+1.234},"ResourceStatus":"DELETE_COMPLETE","DriftInformation":{"StackResourceD)j"
            R"j(riftStatus":"NOT_CHECKED"}}]})j");
}

TEST_F(DeletedStackTest, ListStackResourcesAnswersTheSummariesAsBefore) {
  const std::string id = CreateAndDelete();
  EXPECT_EQ(Answer("ListStackResources", {{"StackName", id}}, id),
            R"j({"StackResourceSummaries":[{"LogicalResourceId":"A","PhysicalResourceId":"/gone/)j"
            R"j(a","ResourceType":"AWS::SSM::Parameter","LastUpdatedTimestamp":{t0+1.234},"Resou)j"
            R"j(rceStatus":"DELETE_COMPLETE","DriftInformation":{"StackResourceDriftStatus":"NOT)j"
            R"j(_CHECKED"}},{"LogicalResourceId":"C","PhysicalResourceId":"fake-C","ResourceType)j"
            R"j(":"Test::Fake","LastUpdatedTimestamp":{t0+1.234},"ResourceStatus":"DELETE_SKIPPE)j"
            R"j(D","DriftInformation":{"StackResourceDriftStatus":"NOT_CHECKED"}},{"LogicalResou)j"
            R"j(rceId":"B","PhysicalResourceId":"fake-B","ResourceType":"Test::Fake","LastUpdate)j"
            R"j(dTimestamp":{t0+1.234},"ResourceStatus":"DELETE_COMPLETE","DriftInformation":{"S)j"
            R"j(tackResourceDriftStatus":"NOT_CHECKED"}}]})j");
}

TEST_F(DeletedStackTest, DescribeStackResourceAnswersTheDetailWithItsMetadataAsBefore) {
  const std::string id = CreateAndDelete();
  EXPECT_EQ(Answer("DescribeStackResource", {{"StackName", id}, {"LogicalResourceId", "A"}}, id),
            R"j({"StackResourceDetail":{"StackName":"gone","StackId":"{id}","LogicalResourceId":)j"
            R"j("A","PhysicalResourceId":"/gone/a","ResourceType":"AWS::SSM::Parameter","LastUpd)j"
            R"j(atedTimestamp":{t0+1.234},"ResourceStatus":"DELETE_COMPLETE","DriftInformation":)j"
            R"j({"StackResourceDriftStatus":"NOT_CHECKED"},"Metadata":"{\"Owner\":\"ops\"}"}})j");
}

TEST_F(DeletedStackTest, GetTemplateAnswersTheBodyAsSent) {
  const std::string id = CreateAndDelete();
  EXPECT_EQ(Call("GetTemplate", {{"StackName", id}}).at("TemplateBody").as_string(), kTemplate);
}

TEST_F(DeletedStackTest, AStackDeletedByItsFailedCreationAnswersItsEventsAsBefore) {
  const std::string id =
      Create("failed", R"({"Resources": {"A": {"Type": "Test::Fake"},
        "B": {"Type": "Test::Fake", "DependsOn": "A", "Properties": {"FailCreate": "no room"}}}})",
             {{"OnFailure", "DELETE"}});
  EXPECT_EQ(Answer("DescribeStackEvents", {{"StackName", id}}, id),
            R"j({"StackEvents":[{"StackId":"{id}","EventId":"65befc3c-a8d0-4b6f-8efb-bcebcab6d1f)j"
            R"j(e","StackName":"failed","OperationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","Lo)j"
            R"j(gicalResourceId":"failed","PhysicalResourceId":"{id}","ResourceType":"AWS::Cloud)j"
            R"j(Formation::Stack","Timestamp":{t0},"ResourceStatus":"DELETE_COMPLETE"},{"StackId)j"
            R"j(":"{id}","EventId":"A-DELETE_COMPLETE-2026-05-17T06:40:00.000Z","StackName":"fai)j"
            R"j(led","OperationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"A)j"
            R"j(","PhysicalResourceId":"fake-A","ResourceType":"Test::Fake","Timestamp":{t0},"Re)j"
            R"j(sourceStatus":"DELETE_COMPLETE","ResourceProperties":"{}"},{"StackId":"{id}","Ev)j"
            R"j(entId":"A-DELETE_IN_PROGRESS-2026-05-17T06:40:00.000Z","StackName":"failed","Ope)j"
            R"j(rationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"A","Physic)j"
            R"j(alResourceId":"fake-A","ResourceType":"Test::Fake","Timestamp":{t0},"ResourceSta)j"
            R"j(tus":"DELETE_IN_PROGRESS","ResourceProperties":"{}"},{"StackId":"{id}","EventId")j"
            R"j(:"B-DELETE_COMPLETE-2026-05-17T06:40:00.000Z","StackName":"failed","OperationId")j"
            R"j(:"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"B","PhysicalResourc)j"
            R"j(eId":"","ResourceType":"Test::Fake","Timestamp":{t0},"ResourceStatus":"DELETE_CO)j"
            R"j(MPLETE","ResourceProperties":"{\"FailCreate\":\"no room\"}"},{"StackId":"{id}",")j"
            R"j(EventId":"B-DELETE_IN_PROGRESS-2026-05-17T06:40:00.000Z","StackName":"failed","O)j"
            R"j(perationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"B","Phys)j"
            R"j(icalResourceId":"","ResourceType":"Test::Fake","Timestamp":{t0},"ResourceStatus")j"
            R"j(:"DELETE_IN_PROGRESS","ResourceProperties":"{\"FailCreate\":\"no room\"}"},{"Sta)j"
            R"j(ckId":"{id}","EventId":"c17881b0-52b6-473e-989f-d3f3af7be2f1","StackName":"faile)j"
            R"j(d","OperationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"fai)j"
            R"j(led","PhysicalResourceId":"{id}","ResourceType":"AWS::CloudFormation::Stack","Ti)j"
            R"j(mestamp":{t0},"ResourceStatus":"DELETE_IN_PROGRESS","ResourceStatusReason":"The )j"
            R"j(following resource(s) failed to create: [B]. Delete requested by user."},{"Stack)j"
            R"j(Id":"{id}","EventId":"B-CREATE_FAILED-2026-05-17T06:40:00.000Z","StackName":"fai)j"
            R"j(led","OperationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"B)j"
            R"j(","PhysicalResourceId":"","ResourceType":"Test::Fake","Timestamp":{t0},"Resource)j"
            R"j(Status":"CREATE_FAILED","ResourceStatusReason":"no room","ResourceProperties":"{)j"
            R"j(\"FailCreate\":\"no room\"}"},{"StackId":"{id}","EventId":"B-CREATE_IN_PROGRESS-)j"
            R"j(2026-05-17T06:40:00.000Z","StackName":"failed","OperationId":"242a5f87-d0a7-4edd)j"
            R"j(-8e1a-95d201fdd96c","LogicalResourceId":"B","PhysicalResourceId":"","ResourceTyp)j"
            R"j(e":"Test::Fake","Timestamp":{t0},"ResourceStatus":"CREATE_IN_PROGRESS","Resource)j"
            R"j(StatusReason":"Resource creation Initiated","ResourceProperties":"{\"FailCreate\)j"
            R"j(":\"no room\"}"},{"StackId":"{id}","EventId":"B-CREATE_IN_PROGRESS-2026-05-17T06)j"
            R"j(:40:00.000Z","StackName":"failed","OperationId":"242a5f87-d0a7-4edd-8e1a-95d201f)j"
            R"j(dd96c","LogicalResourceId":"B","PhysicalResourceId":"","ResourceType":"Test::Fak)j"
            R"j(e","Timestamp":{t0},"ResourceStatus":"CREATE_IN_PROGRESS","ResourceProperties":")j"
            R"j({\"FailCreate\":\"no room\"}"},{"StackId":"{id}","EventId":"A-CREATE_COMPLETE-20)j"
            R"j(26-05-17T06:40:00.000Z","StackName":"failed","OperationId":"242a5f87-d0a7-4edd-8)j"
            R"j(e1a-95d201fdd96c","LogicalResourceId":"A","PhysicalResourceId":"fake-A","Resourc)j"
            R"j(eType":"Test::Fake","Timestamp":{t0},"ResourceStatus":"CREATE_COMPLETE","Resourc)j"
            R"j(eProperties":"{}"},{"StackId":"{id}","EventId":"A-CREATE_IN_PROGRESS-2026-05-17T)j"
            R"j(06:40:00.000Z","StackName":"failed","OperationId":"242a5f87-d0a7-4edd-8e1a-95d20)j"
            R"j(1fdd96c","LogicalResourceId":"A","PhysicalResourceId":"fake-A","ResourceType":"T)j"
            R"j(est::Fake","Timestamp":{t0},"ResourceStatus":"CREATE_IN_PROGRESS","ResourceStatu)j"
            R"j(sReason":"Resource creation Initiated","ResourceProperties":"{}"},{"StackId":"{i)j"
            R"j(d}","EventId":"A-CREATE_IN_PROGRESS-2026-05-17T06:40:00.000Z","StackName":"faile)j"
            R"j(d","OperationId":"242a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"A",)j"
            R"j("PhysicalResourceId":"","ResourceType":"Test::Fake","Timestamp":{t0},"ResourceSt)j"
            R"j(atus":"CREATE_IN_PROGRESS","ResourceProperties":"{}"},{"StackId":"{id}","EventId)j"
            R"j(":"d52039de-8d0e-4181-a694-f6378f1c4446","StackName":"failed","OperationId":"242)j"
            R"j(a5f87-d0a7-4edd-8e1a-95d201fdd96c","LogicalResourceId":"failed","PhysicalResourc)j"
            R"j(eId":"{id}","ResourceType":"AWS::CloudFormation::Stack","Timestamp":{t0},"Resour)j"
            R"j(ceStatus":"CREATE_IN_PROGRESS","ResourceStatusReason":"User Initiated"}]})j");
}

TEST_F(DeletedStackTest, TheEventsOfADeletedStackArePagedByAHundredWithTheSameTokens) {
  std::string resources;
  for (int i = 0; i < 40; ++i) {
    resources +=
        std::string(i ? "," : "") + "\"R" + std::to_string(i) + R"(": {"Type": "Test::Fake"})";
  }
  const std::string id = Create("big", R"({"Resources": {)" + resources + "}}");
  Delete("big");  // 2 + 40 * 3 events to create, 2 + 40 * 2 to delete
  const json::value first = Call("DescribeStackEvents", {{"StackName", id}});
  const json::value second =
      Call("DescribeStackEvents", {{"StackName", id}, {"NextToken", first.at("NextToken")}});
  const json::value third =
      Call("DescribeStackEvents", {{"StackName", id}, {"NextToken", second.at("NextToken")}});
  EXPECT_EQ(first.at("NextToken"),
            "RGVzY3JpYmVTdGFja0V2ZW50c3wxMDV8OTU3MjFlZmYzZTMzZjMzNw==");
  EXPECT_EQ(second.at("NextToken"),
            "RGVzY3JpYmVTdGFja0V2ZW50c3w1fGI1NGU5NTg5OGE4ZTEzNDQ=");
  EXPECT_EQ(first.at("StackEvents").as_array().size(), 100u);
  EXPECT_EQ(second.at("StackEvents").as_array().size(), 100u);
  ASSERT_EQ(third.at("StackEvents").as_array().size(), 4u);
  EXPECT_FALSE(third.as_object().contains("NextToken"));
  EXPECT_EQ(second.at("StackEvents").at(0).at("EventId"),
            "R22-CREATE_COMPLETE-2026-05-17T06:40:00.000Z");
  EXPECT_EQ(third.at("StackEvents").at(0).at("EventId"),
            "R2-CREATE_IN_PROGRESS-2026-05-17T06:40:00.000Z");
}

}  // namespace
}  // namespace nimbus::cloudformation
