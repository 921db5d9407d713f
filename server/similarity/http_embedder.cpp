// The `http` embedder: an OpenAI-compatible `POST /v1/embeddings` over plain HTTP/1.1, with
// Boost.Beast on a private io_context per request. JSON is the service's wire format; it is
// read and written here and nothing JSON leaves this file.
//
// Failure policy: every request has one deadline (connect to last byte); connection errors,
// timeouts and 5xx answers are retried after `backoff`, doubled each time; 4xx answers (a bad
// key, an unknown model) are not, since asking again cannot help. What finally fails is an
// EmbedError, which EmbeddingService turns into one warning and the builtin embedder.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "kgls/embedding.hpp"

namespace kgls {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// A failure worth another attempt (as opposed to an answer that will not change).
struct Transient : EmbedError {
  using EmbedError::EmbedError;
};

std::string first_line(std::string_view text, size_t max = 200) {
  text = text.substr(0, text.find('\n'));
  if (text.size() > max) return std::string(text.substr(0, max)) + "...";
  return std::string(text);
}

}  // namespace

HttpEmbedder::HttpEmbedder(EmbedderSettings settings) : settings_(std::move(settings)) {
  const std::string& url = settings_.url;
  if (url.empty()) throw std::invalid_argument("http embedder: no URL (e.g. http://127.0.0.1:11434/v1/embeddings)");
  if (url.rfind("https://", 0) == 0)
    throw std::invalid_argument("http embedder: " + url +
                                ": https is not supported; use a local http endpoint (Ollama, llama.cpp, vLLM)");
  if (url.rfind("http://", 0) != 0) throw std::invalid_argument("http embedder: " + url + ": the URL must start with http://");
  const std::string rest = url.substr(7);
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  target_ = slash == std::string::npos ? "/v1/embeddings" : rest.substr(slash);
  // [v6]:port, host:port or host.
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) throw std::invalid_argument("http embedder: " + url + ": bad IPv6 host");
    host_ = authority.substr(1, close - 1);
    port_ = close + 1 < authority.size() && authority[close + 1] == ':' ? authority.substr(close + 2) : "80";
  } else {
    const size_t colon = authority.rfind(':');
    host_ = authority.substr(0, colon);
    port_ = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  }
  if (host_.empty() || port_.empty() || port_.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("http embedder: " + url + ": expected http://host[:port]/path");
  if (settings_.batch_size == 0) settings_.batch_size = 1;
}

std::string HttpEmbedder::identity() const { return "http " + settings_.url + " " + settings_.model; }

std::vector<Vector> HttpEmbedder::embed(const std::vector<std::string>& texts) {
  std::vector<Vector> out;
  out.reserve(texts.size());
  for (size_t begin = 0; begin < texts.size(); begin += settings_.batch_size) {
    const size_t end = std::min(texts.size(), begin + settings_.batch_size);
    auto backoff = settings_.backoff;
    for (uint32_t attempt = 0;; ++attempt) {
      try {
        auto batch = request(texts, begin, end);
        for (auto& v : batch) out.push_back(std::move(v));
        break;
      } catch (const Transient& e) {
        if (attempt >= settings_.retries)
          throw EmbedError(std::string(e.what()) + " (after " + std::to_string(attempt + 1) + " attempts)");
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
      }
    }
  }
  return out;
}

std::vector<Vector> HttpEmbedder::request(const std::vector<std::string>& texts, size_t begin, size_t end) {
  const std::string where = "http embedder: " + settings_.url;
  nlohmann::json body = {{"input", nlohmann::json::array()}};
  if (!settings_.model.empty()) body["model"] = settings_.model;
  for (size_t i = begin; i < end; ++i) body["input"].push_back(texts[i]);

  http::request<http::string_body> req{http::verb::post, target_, 11};
  req.set(http::field::host, host_ + (port_ == "80" ? "" : ":" + port_));
  req.set(http::field::user_agent, "kgls");
  req.set(http::field::content_type, "application/json");
  if (!settings_.api_key_env.empty()) {
    if (const char* key = std::getenv(settings_.api_key_env.c_str()); key && *key)
      req.set(http::field::authorization, std::string("Bearer ") + key);
  }
  // The texts are the user's: JSON-encode invalid UTF-8 as U+FFFD rather than failing.
  req.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  req.prepare_payload();

  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u << 20);  // Large models and batches: 4096 floats x 64 texts is ~3 MB.
  beast::error_code failure;
  const char* stage = "resolving";

  stream.expires_after(settings_.timeout);
  resolver.async_resolve(host_, port_, [&](beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return void(failure = ec);
    stage = "connecting";
    stream.async_connect(results, [&](beast::error_code ec2, const tcp::endpoint&) {
      if (ec2) return void(failure = ec2);
      stage = "sending";
      http::async_write(stream, req, [&](beast::error_code ec3, size_t) {
        if (ec3) return void(failure = ec3);
        stage = "waiting for the answer";
        http::async_read(stream, buffer, parser, [&](beast::error_code ec4, size_t) {
          if (ec4) failure = ec4;
        });
      });
    });
  });
  // The stream's deadline covers connect, write and read; this one also covers name resolution.
  ioc.run_for(settings_.timeout + std::chrono::milliseconds(100));
  if (!ioc.stopped()) {
    stream.close();
    resolver.cancel();
    throw Transient(where + ": timed out after " + std::to_string(settings_.timeout.count()) + " ms " + stage);
  }
  if (failure) {
    if (failure == beast::error::timeout)
      throw Transient(where + ": timed out after " + std::to_string(settings_.timeout.count()) + " ms " + stage);
    throw Transient(where + ": " + failure.message() + " (" + stage + ")");
  }
  stream.socket().shutdown(tcp::socket::shutdown_both, failure);

  const auto& res = parser.get();
  const unsigned status = res.result_int();
  if (status != 200) {
    const std::string msg = where + ": HTTP " + std::to_string(status) + " " + std::string(res.reason()) +
                            (res.body().empty() ? "" : ": " + first_line(res.body()));
    if (status >= 500 || status == 429) throw Transient(msg);
    throw EmbedError(msg);
  }

  // {"data": [{"embedding": [...], "index": 0}, ...]}; `index` orders them when present.
  const auto reply = nlohmann::json::parse(res.body(), nullptr, false);
  if (reply.is_discarded() || !reply.is_object() || !reply.contains("data") || !reply["data"].is_array())
    throw EmbedError(where + ": the answer is not an embeddings response: " + first_line(res.body()));
  const auto& data = reply["data"];
  const size_t n = end - begin;
  if (data.size() != n)
    throw EmbedError(where + ": " + std::to_string(data.size()) + " embeddings for " + std::to_string(n) + " texts");
  std::vector<Vector> vectors(n);
  for (size_t k = 0; k < n; ++k) {
    const auto& item = data[k];
    size_t slot = k;
    if (item.is_object() && item.contains("index") && item["index"].is_number_unsigned())
      slot = item["index"].get<size_t>();
    if (!item.is_object() || !item.contains("embedding") || !item["embedding"].is_array() || slot >= n ||
        !vectors[slot].empty())
      throw EmbedError(where + ": embedding " + std::to_string(k) + " is malformed");
    for (const auto& x : item["embedding"]) {
      if (!x.is_number()) throw EmbedError(where + ": embedding " + std::to_string(k) + " holds a non-number");
      vectors[slot].push_back(x.get<float>());
    }
    if (vectors[slot].empty()) throw EmbedError(where + ": embedding " + std::to_string(k) + " is empty");
  }
  return vectors;
}

}  // namespace kgls
