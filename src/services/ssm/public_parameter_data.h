#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

// The tables behind the public parameters /aws/service/global-infrastructure/..., generated from
// botocore's endpoints.json and service models by tools/gen_public_parameters.py into
// public_parameter_data.cc. Internal to public_parameters.cc.
namespace nimbus::ssm {

struct PublicRegion {
  std::string_view code;       // "eu-west-1"
  std::string_view partition;  // "aws"
  std::string_view long_name;  // "Europe (Ireland)"
  std::string_view domain;     // "amazonaws.com"
  std::string_view country;    // "IE"; "" when unknown
};

struct PublicService {
  std::string_view name;       // "s3": the endpoint prefix ("api." removed)
  std::string_view long_name;  // "Amazon Simple Storage Service"; "" when no model names it
  uint64_t regions;            // bit i: an endpoint in PublicRegions()[i]
};

// Regions ordered by partition, then code; services by name.
const std::vector<PublicRegion>& PublicRegions();
const std::vector<PublicService>& PublicServices();

}  // namespace nimbus::ssm
