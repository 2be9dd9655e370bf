#include "testing/fake_resource.h"

#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::test {

using cloudformation::ResourceRequest;
using cloudformation::ResourceResult;

ResourceResult FakeResource::Create(const ResourceRequest& req) {
  calls.push_back("Create " + std::string(req.logical_id));
  if (const std::optional<std::string> message =
          core::protocol::OptString(req.props, "FailCreate")) {
    throw core::AwsError("FakeFailure", *message);
  }
  const std::string id = "fake-" + std::string(req.logical_id);
  const std::optional<int64_t> polls = core::protocol::OptInt(req.props, "Polls");
  if (polls) polls_[id] = 0;
  return {.physical_id = id, .ready = !polls};
}

ResourceResult FakeResource::Update(const ResourceRequest& req, std::string_view physical_id,
                                    const boost::json::object& previous) {
  (void)previous;
  calls.push_back("Update " + std::string(req.logical_id));
  return {.physical_id = std::string(physical_id), .ready = true};
}

void FakeResource::Delete(const ResourceRequest& req, std::string_view physical_id) {
  (void)physical_id;
  calls.push_back("Delete " + std::string(req.logical_id));
  if (const std::optional<std::string> message =
          core::protocol::OptString(req.props, "FailDelete")) {
    throw core::AwsError("FakeFailure", *message);
  }
}

bool FakeResource::Ready(const ResourceRequest& req, std::string_view physical_id) {
  calls.push_back("Poll " + std::string(req.logical_id));
  auto it = polls_.find(physical_id);
  if (it == polls_.end()) return true;
  return ++it->second >= core::protocol::IntOr(req.props, "Polls", 0);
}

std::optional<boost::json::value> FakeResource::Attribute(const ResourceRequest& req,
                                                          std::string_view physical_id,
                                                          std::string_view name) {
  (void)req;
  if (name != "Name") return std::nullopt;
  return boost::json::string(physical_id);
}

}  // namespace nimbus::test
