// core::HttpServer with bodies that do not sit in memory: request bodies spooled to a file
// (ServerOptions::spool) and responses sent from a file (HttpResponse::file).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/http/server.h"

namespace nimbus::core {
namespace {

namespace fs = std::filesystem;

// A server whose handler answers "<method> spooled=<size>:<file contents>" for a spooled body
// and "<method> body=<body>" otherwise; GET /file answers the file kFileBytes from a FileSlice.
class ServerSpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "server-spool-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::ofstream(dir_ / "file", std::ios::binary) << FileBytes();
  }
  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
    }
    fs::remove_all(dir_);
  }

  static std::string FileBytes() {
    std::string bytes;
    for (int i = 0; i < 700'000; ++i) bytes.push_back(static_cast<char>('a' + i % 26));
    return bytes;
  }

  void Start(ServerOptions options) {
    options.spool = [this](const HttpRequest& head) -> std::optional<SpoolPlan> {
      if (head.method != "PUT") return std::nullopt;
      return SpoolPlan{.dir = dir_.string(),
                       .aws_chunked = !head.Header("x-amz-decoded-content-length").empty()};
    };
    server_ = std::make_unique<HttpServer>(options, [this](const HttpRequest& request) {
      HttpResponse response;
      if (request.RawPath() == "/file") {
        const int fd = ::open((dir_ / "file").c_str(), O_RDONLY | O_CLOEXEC);
        response.file = std::make_shared<FileSlice>(fd, 1, 600'000);
        return HttpAnswer(response);
      }
      if (request.spooled) {
        std::ifstream in(request.spooled->path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        response.body = request.method + " spooled=" + std::to_string(request.spooled->size) +
                        ":" + text.str();
      } else {
        response.body = request.method + " body=" + request.body;
      }
      return HttpAnswer(response);
    });
    port_ = server_->Listen("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->Run(1); });
  }

  int Connect() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    timeval tv{.tv_sec = 5, .tv_usec = 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return fd;
  }
  static void Send(int fd, const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      ASSERT_GT(n, 0);
      done += static_cast<size_t>(n);
    }
  }
  // One response: its head, then as many body bytes as Content-Length says.
  static std::string ReadResponse(int fd) {
    std::string data;
    char chunk[65536];
    while (true) {
      const size_t end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        const size_t cl = data.find("Content-Length: ");
        const size_t length = cl < end ? std::stoul(data.substr(cl + 16)) : 0;
        if (data.size() >= end + 4 + length) return data.substr(0, end + 4 + length);
      }
      const ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0) return data;
      data.append(chunk, static_cast<size_t>(n));
    }
  }
  static std::string BodyOf(const std::string& response) {
    const size_t end = response.find("\r\n\r\n");
    return end == std::string::npos ? "" : response.substr(end + 4);
  }

  fs::path dir_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  uint16_t port_ = 0;
};

TEST_F(ServerSpoolTest, ASpooledBodyReachesTheHandlerAsAFile) {
  Start({});
  const int fd = Connect();
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_EQ(BodyOf(ReadResponse(fd)), "PUT spooled=5:hello");
  close(fd);
}

TEST_F(ServerSpoolTest, ABodyNotPickedForSpoolingStaysInMemory) {
  Start({});
  const int fd = Connect();
  Send(fd, "POST /o HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_EQ(BodyOf(ReadResponse(fd)), "POST body=hello");
  close(fd);
}

TEST_F(ServerSpoolTest, ASpooledBodyMayExceedTheLimitOfBodiesInMemory) {
  Start({.max_body_bytes = 1000});
  const int fd = Connect();
  const std::string big(300'000, 'x');
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nContent-Length: 300000\r\n\r\n" + big);
  EXPECT_EQ(BodyOf(ReadResponse(fd)), "PUT spooled=300000:" + big);
  close(fd);
}

TEST_F(ServerSpoolTest, ASpooledBodyAboveItsOwnLimitIsRefusedWith413) {
  Start({.max_spooled_bytes = 10});
  const int fd = Connect();
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n");
  EXPECT_EQ(ReadResponse(fd).substr(0, 12), "HTTP/1.1 413");
  close(fd);
}

TEST_F(ServerSpoolTest, AnHttpChunkedBodyIsSpooledWithoutItsFraming) {
  Start({});
  const int fd = Connect();
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
           "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_EQ(BodyOf(ReadResponse(fd)), "PUT spooled=5:abcde");
  close(fd);
}

TEST_F(ServerSpoolTest, AnAwsChunkedBodyIsSpooledDecoded) {
  Start({});
  const int fd = Connect();
  const std::string body = "5\r\nhello\r\n0\r\n\r\n";
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nx-amz-decoded-content-length: 5\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(BodyOf(ReadResponse(fd)), "PUT spooled=5:hello");
  close(fd);
}

TEST_F(ServerSpoolTest, AMalformedAwsChunkedBodyIsAnswered400IncompleteBody) {
  Start({});
  const int fd = Connect();
  const std::string body = "zz\r\nhello\r\n0\r\n\r\n";
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nx-amz-decoded-content-length: 5\r\n"
           "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body);
  const std::string response = ReadResponse(fd);
  EXPECT_EQ(response.substr(0, 12), "HTTP/1.1 400");
  EXPECT_NE(response.find("<Code>IncompleteBody</Code>"), std::string::npos);
  close(fd);
}

TEST_F(ServerSpoolTest, ExpectContinueIsAnsweredBeforeASpooledBodyIsSent) {
  Start({});
  const int fd = Connect();
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  char interim[64] = {};
  const ssize_t n = recv(fd, interim, sizeof(interim) - 1, 0);
  EXPECT_EQ(std::string(interim, n > 0 ? static_cast<size_t>(n) : 0),
            "HTTP/1.1 100 Continue\r\n\r\n");
  Send(fd, "ok");
  EXPECT_EQ(BodyOf(ReadResponse(fd)), "PUT spooled=2:ok");
  close(fd);
}

TEST_F(ServerSpoolTest, AFileResponseIsSentWholeWithItsExactLength) {
  Start({});
  const int fd = Connect();
  Send(fd, "GET /file HTTP/1.1\r\nHost: h\r\n\r\n");
  const std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("Content-Length: 600000\r\n"), std::string::npos);
  EXPECT_EQ(BodyOf(response), FileBytes().substr(1, 600'000));
  close(fd);
}

TEST_F(ServerSpoolTest, TheConnectionServesTheNextRequestAfterAFileResponse) {
  Start({});
  const int fd = Connect();
  Send(fd, "GET /file HTTP/1.1\r\nHost: h\r\n\r\n");
  ReadResponse(fd);
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_EQ(BodyOf(ReadResponse(fd)), "PUT spooled=2:hi");
  close(fd);
}

TEST_F(ServerSpoolTest, NoSpoolFileIsLeftAfterTheRequest) {
  Start({});
  const int fd = Connect();
  Send(fd, "PUT /o HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi");
  ReadResponse(fd);
  close(fd);
  // The request (and its file) goes once the answer is on its way: wait a moment for it.
  size_t files = 1;
  for (int i = 0; i < 100 && files > 0; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    files = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) {
      files += entry.path().filename() == "file" ? 0 : 1;
    }
  }
  EXPECT_EQ(files, 0u);
}

}  // namespace
}  // namespace nimbus::core
