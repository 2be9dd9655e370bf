#pragma once

#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/request_context.h"
#include "testing/runtime.h"

namespace nimbus::s3 {

// A runtime with every service, and helpers to make S3 buckets and objects in it.
class S3Test : public ::testing::Test {
 protected:
  boost::json::value S3(std::string_view operation, const boost::json::object& in) {
    return rt_.Call(ctx_, "s3", operation, in);
  }
  void MakeBucket(const std::string& name) { S3("CreateBucket", {{"Bucket", name}}); }
  boost::json::value Put(const std::string& bucket, const std::string& key,
                         const std::string& body) {
    return S3("PutObject", {{"Bucket", bucket}, {"Key", key}, {"Body", body}});
  }
  std::string Body(const boost::json::value& out) {
    return std::string(out.at("Body").as_string());
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

}  // namespace nimbus::s3
