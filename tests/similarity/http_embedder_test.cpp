// The http embedder against small servers the test starts on 127.0.0.1: one that answers
// like an OpenAI-compatible endpoint, one that fails (500), one that refuses (401), one
// that is too slow, one that talks nonsense. No other network.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "kgls/similarity.hpp"

using namespace kgls;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A one-thread HTTP/1.1 server on an ephemeral port: each connection gets one answer.
class TestServer {
 public:
  explicit TestServer(std::function<Response(const Request&)> handler)
      : handler_(std::move(handler)), acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TestServer() {
    ioc_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/embeddings"; }
  size_t requests() const { return requests_; }
  Request last() {
    std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (!ec) serve(std::move(socket));
      accept();
    });
  }
  void serve(tcp::socket socket) {
    beast::flat_buffer buffer;
    Request req;
    beast::error_code ec;
    http::read(socket, buffer, req, ec);
    if (ec) return;
    ++requests_;
    {
      std::lock_guard lock(mutex_);
      last_ = req;
    }
    Response res = handler_(req);
    res.version(11);
    res.prepare_payload();
    http::write(socket, res, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }

  std::function<Response(const Request&)> handler_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<size_t> requests_{0};
  std::mutex mutex_;
  Request last_;
};

Response reply(http::status status, std::string body) {
  Response res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = std::move(body);
  return res;
}

// Embeds each input as [length, position in its batch, 1], listed in reverse order with
// `index`, as servers may: the client must put them back in order.
Response embeddings(const Request& req) {
  const json body = json::parse(req.body());
  json data = json::array();
  const auto& input = body.at("input");
  for (size_t i = input.size(); i-- > 0;)
    data.push_back({{"object", "embedding"},
                    {"index", i},
                    {"embedding", {static_cast<double>(input[i].get<std::string>().size()), static_cast<double>(i), 1.0}}});
  return reply(http::status::ok, json{{"object", "list"}, {"data", data}, {"model", body.value("model", "")}}.dump());
}

EmbedderSettings settings_for(const std::string& url) {
  EmbedderSettings s;
  s.kind = "http";
  s.url = url;
  s.model = "test-model";
  s.api_key_env = "KGLS_TEST_EMBEDDINGS_KEY";
  s.batch_size = 2;
  s.timeout = std::chrono::milliseconds(2000);
  s.retries = 2;
  s.backoff = std::chrono::milliseconds(10);
  return s;
}

}  // namespace

TEST(HttpEmbedder, BatchesInOrderWithModelAndKey) {
  TestServer server(embeddings);
  ::setenv("KGLS_TEST_EMBEDDINGS_KEY", "sekret", 1);
  HttpEmbedder embedder(settings_for(server.url()));
  const auto v = embedder.embed(std::vector<std::string>{"a", "bb", "ccc", "dddd", "eeeee"});
  ::unsetenv("KGLS_TEST_EMBEDDINGS_KEY");
  ASSERT_EQ(v.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(v[i][0], static_cast<float>(i + 1)) << i;  // Length of the i-th text: in order.
    EXPECT_EQ(v[i][1], static_cast<float>(i % 2)) << i;  // Its place in a batch of two.
  }
  EXPECT_EQ(server.requests(), 3u);  // 2 + 2 + 1.
  const Request last = server.last();
  EXPECT_EQ(last.method(), http::verb::post);
  EXPECT_EQ(last.target(), "/v1/embeddings");
  EXPECT_EQ(last[http::field::authorization], "Bearer sekret");
  EXPECT_EQ(json::parse(last.body())["model"], "test-model");
  EXPECT_EQ(json::parse(last.body())["input"], json::array({"eeeee"}));
  EXPECT_EQ(embedder.identity(), "http " + server.url() + " test-model");
}

TEST(HttpEmbedder, NoKeyNoAuthorizationHeader) {
  TestServer server(embeddings);
  ::unsetenv("KGLS_TEST_EMBEDDINGS_KEY");
  HttpEmbedder embedder(settings_for(server.url()));
  embedder.embed(std::vector<std::string>{"x"});
  EXPECT_EQ(server.last().count(http::field::authorization), 0u);
}

TEST(HttpEmbedder, AFailingServerIsRetriedWithBackoffThenAnError) {
  TestServer server([](const Request&) { return reply(http::status::internal_server_error, "{\"error\":\"boom\"}"); });
  HttpEmbedder embedder(settings_for(server.url()));
  try {
    embedder.embed(std::vector<std::string>{"x"});
    FAIL() << "expected an EmbedError";
  } catch (const EmbedError& e) {
    EXPECT_NE(std::string(e.what()).find("HTTP 500"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("after 3 attempts"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server.requests(), 3u);  // The first try and two retries.
}

TEST(HttpEmbedder, AClientErrorIsNotRetried) {
  TestServer server([](const Request&) { return reply(http::status::unauthorized, "{\"error\":\"bad key\"}"); });
  HttpEmbedder embedder(settings_for(server.url()));
  EXPECT_THROW(embedder.embed(std::vector<std::string>{"x"}), EmbedError);
  EXPECT_EQ(server.requests(), 1u);
}

TEST(HttpEmbedder, ASlowServerTimesOut) {
  TestServer server([](const Request& req) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return embeddings(req);
  });
  auto s = settings_for(server.url());
  s.timeout = std::chrono::milliseconds(200);
  s.retries = 0;
  HttpEmbedder embedder(s);
  const auto start = std::chrono::steady_clock::now();
  try {
    embedder.embed(std::vector<std::string>{"x"});
    FAIL() << "expected an EmbedError";
  } catch (const EmbedError& e) {
    EXPECT_NE(std::string(e.what()).find("timed out after 200 ms"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1200));
}

TEST(HttpEmbedder, NonsenseAnswersAreErrors) {
  for (const std::string body : {"not json", "{\"data\": 3}", "{\"data\": [{\"embedding\": [\"x\"]}]}",
                                 "{\"data\": [{\"embedding\": [1]}, {\"embedding\": [2]}]}", "{\"data\": []}"}) {
    TestServer server([&](const Request&) { return reply(http::status::ok, body); });
    HttpEmbedder embedder(settings_for(server.url()));
    EXPECT_THROW(embedder.embed(std::vector<std::string>{"x"}), EmbedError) << body;
  }
}

TEST(HttpEmbedder, NobodyListening) {
  unsigned short port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }  // Closed again: connections are refused.
  auto s = settings_for("http://127.0.0.1:" + std::to_string(port) + "/v1/embeddings");
  s.retries = 1;
  HttpEmbedder embedder(s);
  try {
    embedder.embed(std::vector<std::string>{"x"});
    FAIL() << "expected an EmbedError";
  } catch (const EmbedError& e) {
    EXPECT_NE(std::string(e.what()).find("refused"), std::string::npos) << e.what();
  }
}

TEST(HttpEmbedder, BadSettingsAreRejectedUpFront) {
  EmbedderSettings s;
  s.kind = "http";
  EXPECT_THROW(HttpEmbedder{s}, std::invalid_argument);  // No URL.
  s.url = "https://api.example.com/v1/embeddings";
  EXPECT_THROW(HttpEmbedder{s}, std::invalid_argument);
  s.url = "127.0.0.1:8080/v1/embeddings";
  EXPECT_THROW(HttpEmbedder{s}, std::invalid_argument);
  s.url = "http://host:port/v1";
  EXPECT_THROW(HttpEmbedder{s}, std::invalid_argument);
  s.url = "http://[::1]:8080";
  EXPECT_NO_THROW(HttpEmbedder{s});
  s.kind = "word2vec";
  EXPECT_THROW(make_embedder(s), std::invalid_argument);
}

TEST(HttpEmbedder, AFailingServiceFallsBackToTheBuiltinWithOneWarning) {
  TestServer server([](const Request&) { return reply(http::status::service_unavailable, "{}"); });
  auto s = settings_for(server.url());
  s.retries = 0;
  EmbeddingService service(s, std::make_shared<MemoryEmbeddingCache>());
  Workspace ws;
  ws.set_document(parse_document("a.kg", R"(
concept a { title: "Residual stream" summary: "Pathway through the layers" }
concept b { title: "The residual stream" summary: "Pathway through all layers" }
concept c { title: "Tokenizer" summary: "Splits text into pieces" }
)"));
  const auto first = SimilarityIndex::build(ws, service);
  ASSERT_TRUE(first.warning());
  EXPECT_NE(first.warning()->find("HTTP 503"), std::string::npos) << *first.warning();
  EXPECT_EQ(first.embedder().rfind("builtin/", 0), 0u);
  EXPECT_EQ(similar_entities(first, "a", 1, 0.0).at(0).id, "b");  // Still useful.
  const size_t asked = server.requests();
  const auto second = SimilarityIndex::build(ws, service);
  EXPECT_FALSE(second.warning());
  EXPECT_EQ(server.requests(), asked);  // Not asked again during the cool-down.
}

TEST(HttpEmbedder, AWorkingServiceIsUsedAndCached) {
  TestServer server(embeddings);
  auto cache = std::make_shared<MemoryEmbeddingCache>();
  EmbeddingService service(settings_for(server.url()), cache);
  const auto run = service.embed(std::vector<std::string>{"one", "two", "one"});
  EXPECT_FALSE(run.warning);
  EXPECT_EQ(run.embedder, "http " + server.url() + " test-model");
  EXPECT_EQ(run.embedded, 2u);  // "one" twice is sent once.
  EXPECT_EQ(run.vectors[0], run.vectors[2]);
  EXPECT_EQ(cache->size(), 2u);
  const size_t asked = server.requests();
  const auto again = service.embed(std::vector<std::string>{"two", "one"});
  EXPECT_EQ(again.cached, 2u);
  EXPECT_EQ(server.requests(), asked);
}
