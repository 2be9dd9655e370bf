// BodySpool: request bodies written to a file as they arrive.
#include "core/http/body_spool.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace nimbus::core {
namespace {

namespace fs = std::filesystem;

class BodySpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "spool-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  size_t FilesInDir() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }

  fs::path dir_;
};

TEST_F(BodySpoolTest, APlainBodyIsWrittenAsSentInPieces) {
  BodySpool spool({.dir = dir_.string()});
  EXPECT_TRUE(spool.Write("hello "));
  EXPECT_TRUE(spool.Write("world"));
  const std::shared_ptr<const SpooledBody> body = spool.Finish();
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(Contents(body->path), "hello world");
  EXPECT_EQ(body->size, 11);
  EXPECT_EQ(body->sent_size, 11);
  EXPECT_FALSE(body->aws_chunked);
}

TEST_F(BodySpoolTest, TheFileIsATmpFileInTheGivenFolder) {
  BodySpool spool({.dir = dir_.string()});
  const std::shared_ptr<const SpooledBody> body = spool.Finish();
  EXPECT_EQ(fs::path(body->path).parent_path(), dir_);
  EXPECT_EQ(fs::path(body->path).extension(), ".tmp");
}

TEST_F(BodySpoolTest, AnAwsChunkedBodyIsWrittenDecodedWithItsTrailers) {
  BodySpool spool({.dir = dir_.string(), .aws_chunked = true});
  EXPECT_TRUE(spool.Write("5\r\nhel"));
  EXPECT_TRUE(spool.Write("lo\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"));
  const std::shared_ptr<const SpooledBody> body = spool.Finish();
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(Contents(body->path), "hello");
  EXPECT_EQ(body->size, 5);
  EXPECT_EQ(body->sent_size, 46);
  ASSERT_EQ(body->trailers.size(), 1u);
  EXPECT_EQ(body->trailers[0].value, "AAAAAA==");
}

// Keeps what it is shown.
class Recorder : public BodyObserver {
 public:
  void Update(std::string_view bytes) override { seen += std::string(bytes) + "|"; }
  std::string seen;
};

TEST_F(BodySpoolTest, TheObserverSeesTheDecodedBytesAsTheyAreWrittenAndComesWithTheBody) {
  auto recorder = std::make_shared<Recorder>();
  BodySpool spool({.dir = dir_.string(), .aws_chunked = true, .observer = recorder});
  spool.Write("3\r\nhel\r\n");
  EXPECT_EQ(recorder->seen, "hel|");
  spool.Write("2\r\nlo\r\n0\r\n\r\n");
  const std::shared_ptr<const SpooledBody> body = spool.Finish();
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(recorder->seen, "hel|lo|");
  EXPECT_EQ(body->observer.get(), recorder.get());
}

TEST_F(BodySpoolTest, TheSha256OfTheBodyAsSentIsComputedWhenAsked) {
  BodySpool spool({.dir = dir_.string(), .hash_sent = true});
  spool.Write("hel");
  spool.Write("lo");
  EXPECT_EQ(spool.Finish()->sent_sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST_F(BodySpoolTest, AnIncompleteAwsChunkedBodyIsRefusedAndItsFileRemoved) {
  {
    BodySpool spool({.dir = dir_.string(), .aws_chunked = true});
    EXPECT_TRUE(spool.Write("5\r\nhel"));
    EXPECT_EQ(spool.Finish(), nullptr);
    EXPECT_EQ(spool.error(), "IncompleteBody");
  }
  EXPECT_EQ(FilesInDir(), 0u);
}

TEST_F(BodySpoolTest, TheFileIsRemovedWithTheLastHolderOfTheBody) {
  std::string path;
  {
    BodySpool spool({.dir = dir_.string()});
    spool.Write("x");
    const std::shared_ptr<const SpooledBody> body = spool.Finish();
    path = body->path;
    EXPECT_TRUE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace nimbus::core
