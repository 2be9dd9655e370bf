#include "services/s3/object_files.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace nimbus::s3 {
namespace {

namespace fs = std::filesystem;

class ObjectFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "nimbus-files-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    data_dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(data_dir_); }

  fs::path data_dir_;
};

TEST_F(ObjectFilesTest, AWrittenBodyReadsBackWhole) {
  ObjectFiles files(data_dir_.string());
  files.Write("body", "0123456789");
  EXPECT_EQ(files.Read("body"), "0123456789");
}

TEST_F(ObjectFilesTest, APartOfABodyReadsBackAlone) {
  ObjectFiles files(data_dir_.string());
  files.Write("body", "0123456789");
  EXPECT_EQ(files.Read("body", 3, 4), "3456");
}

TEST_F(ObjectFilesTest, AWriteLeavesOnlyTheFinalName) {
  ObjectFiles files(data_dir_.string());
  files.Write("body", "x");
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(files.dir())) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"body"});
}

TEST_F(ObjectFilesTest, BodiesUnderADataDirLiveBesideTheDatabase) {
  ObjectFiles files(data_dir_.string());
  EXPECT_EQ(files.dir(), data_dir_ / "s3-objects");
}

TEST_F(ObjectFilesTest, StartingRemovesTheTemporaryFilesOfAnInterruptedWrite) {
  fs::create_directories(data_dir_ / "s3-objects");
  std::ofstream(data_dir_ / "s3-objects" / "half.tmp") << "partial";
  ObjectFiles files(data_dir_.string());
  EXPECT_FALSE(fs::exists(data_dir_ / "s3-objects" / "half.tmp"));
}

TEST_F(ObjectFilesTest, MemoryModeRemovesItsFolderWhenDestroyed) {
  fs::path dir;
  {
    ObjectFiles files("");
    files.Write("body", "x");
    dir = files.dir();
    EXPECT_TRUE(fs::exists(dir / "body"));
  }
  EXPECT_FALSE(fs::exists(dir));
}

}  // namespace
}  // namespace nimbus::s3
