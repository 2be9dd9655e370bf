#pragma once

#include <map>
#include <string>
#include <vector>

#include "cloudformation/resources/resource.h"

namespace nimbus::test {

// A resource type for deployer tests, "Test::Fake", whose properties say how it behaves:
//   FailCreate: "<message>"  Create fails with that message (code FakeFailure)
//   FailDelete: "<message>"  Delete fails so
//   Polls: <n>               Create leaves it not ready; it is ready at the n-th poll
// Its physical id is "fake-<logical id>"; Ref returns that, Fn::GetAtt Name too. Every call is
// appended to `calls` ("Create A", "Delete A") so tests can check their order.
class FakeResource final : public cloudformation::Resource {
 public:
  std::string_view Type() const override { return "Test::Fake"; }
  cloudformation::ResourceResult Create(const cloudformation::ResourceRequest& req) override;
  cloudformation::ResourceResult Update(const cloudformation::ResourceRequest& req,
                                        std::string_view physical_id,
                                        const boost::json::object& previous) override;
  void Delete(const cloudformation::ResourceRequest& req, std::string_view physical_id) override;
  bool Ready(const cloudformation::ResourceRequest& req, std::string_view physical_id) override;
  std::optional<boost::json::value> Attribute(const cloudformation::ResourceRequest& req,
                                              std::string_view physical_id,
                                              std::string_view name) override;

  std::vector<std::string> calls;

 private:
  std::map<std::string, int64_t, std::less<>> polls_;  // physical id -> polls so far
};

}  // namespace nimbus::test
