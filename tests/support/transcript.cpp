// The transcript runner (transcript.hpp). It frames and reads messages through the server
// process driver, not the server's own framing code, so a framing bug in the server cannot
// hide behind the same bug here.
#include "transcript.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lsp_process.hpp"

namespace kgls::test {

namespace {

namespace fs = std::filesystem;

constexpr auto kTimeout = std::chrono::seconds(20);

fs::path source_dir() { return fs::path(KGLS_SOURCE_DIR).lexically_normal(); }

// A folder's `file://` URI, without a trailing slash.
std::string folder_uri(const fs::path& folder) {
  std::string uri = file_uri(folder.lexically_normal().string());
  if (uri.size() > 8 && uri.back() == '/') uri.pop_back();
  return uri;
}

// ---- Matching ------------------------------------------------------------------------

// Expected values match actual ones structurally: objects need the expected members (more
// are allowed), arrays the same length (or a prefix when the last expected item is "..."),
// "${ANY}" matches anything, "${=name}" matches anything and captures it,
// "${CONTAINS:text}" matches a string that contains the text (a hover's long Markdown),
// and a member whose expected value is "${ABSENT}" must not be there.
bool matches(const json& expected, const json& actual, std::map<std::string, json>& captures) {
  if (expected.is_string()) {
    const auto& s = expected.get_ref<const std::string&>();
    if (s == "${ANY}") return true;
    if (s.rfind("${CONTAINS:", 0) == 0 && s.back() == '}') {
      return actual.is_string() &&
             actual.get_ref<const std::string&>().find(s.substr(11, s.size() - 12)) != std::string::npos;
    }
    if (s.rfind("${=", 0) == 0 && s.back() == '}') {
      captures[s.substr(3, s.size() - 4)] = actual;
      return true;
    }
  }
  if (expected.is_object()) {
    if (!actual.is_object()) return false;
    for (const auto& [key, value] : expected.items()) {
      const bool absent = value.is_string() && value == "${ABSENT}";
      if (absent) {
        if (actual.contains(key)) return false;
        continue;
      }
      if (!actual.contains(key) || !matches(value, actual.at(key), captures)) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return false;
    size_t n = expected.size();
    const bool prefix = n > 0 && expected.back() == "...";
    if (prefix) --n;
    if (prefix ? actual.size() < n : actual.size() != n) return false;
    for (size_t i = 0; i < n; ++i) {
      if (!matches(expected[i], actual[i], captures)) return false;
    }
    return true;
  }
  return expected == actual;
}

// ---- Transcripts ---------------------------------------------------------------------

struct Step {
  enum class Kind { Send, SendRaw, Expect, Args, Copy, Write, Delete, Eof, Exit, FileContains };
  Kind kind;
  std::string text;  // JSON text, raw bytes, args, a path...
  std::string extra;  // Write: the content.
  int line = 0;
};

std::vector<Step> parse_transcript(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Step> steps;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      // A continuation of the previous message.
      if (!steps.empty()) steps.back().text += "\n" + line;
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    const auto rest = [&](size_t from) {
      std::string r = line.substr(std::min(from, line.size()));
      while (!r.empty() && r.front() == ' ') r.erase(0, 1);
      return r;
    };
    if (line.rfind("--> raw ", 0) == 0) {
      steps.push_back({Step::Kind::SendRaw, rest(8), {}, number});
    } else if (line.rfind("-->", 0) == 0) {
      steps.push_back({Step::Kind::Send, rest(3), {}, number});
    } else if (line.rfind("<--", 0) == 0) {
      steps.push_back({Step::Kind::Expect, rest(3), {}, number});
    } else if (line.rfind("!args", 0) == 0) {
      steps.push_back({Step::Kind::Args, rest(5), {}, number});
    } else if (line.rfind("!copy", 0) == 0) {
      steps.push_back({Step::Kind::Copy, rest(5), {}, number});
    } else if (line.rfind("!write", 0) == 0) {
      std::string r = rest(6);
      const size_t space = r.find(' ');
      steps.push_back({Step::Kind::Write, r.substr(0, space),
                       space == std::string::npos ? "" : r.substr(space + 1), number});
    } else if (line.rfind("!delete", 0) == 0) {
      steps.push_back({Step::Kind::Delete, rest(7), {}, number});
    } else if (line.rfind("!file-contains", 0) == 0) {
      std::string r = rest(14);
      const size_t space = r.find(' ');
      steps.push_back({Step::Kind::FileContains, r.substr(0, space),
                       space == std::string::npos ? "" : r.substr(space + 1), number});
    } else if (line == "!eof") {
      steps.push_back({Step::Kind::Eof, {}, {}, number});
    } else if (line.rfind("!exit", 0) == 0) {
      steps.push_back({Step::Kind::Exit, rest(5), {}, number});
    } else {
      ADD_FAILURE() << path << ":" << number << ": cannot read this line: " << line;
    }
  }
  return steps;
}

class Runner {
 public:
  explicit Runner(const fs::path& transcript) : transcript_(transcript) {
    root_ = fs::temp_directory_path() /
            ("kgls-transcript-" + std::to_string(getpid()) + "-" + transcript.stem().string());
    fs::remove_all(root_);
    fs::create_directories(root_);
    stderr_file_ = root_.string() + ".stderr";
    vars_["ROOT"] = folder_uri(root_);
    vars_["ROOT_PATH"] = root_.lexically_normal().string();
    vars_["SOURCE"] = folder_uri(source_dir());
    vars_["SHARED"] = folder_uri(fs::path(KGLS_SHARED_DATA));
  }
  ~Runner() {
    server_.reset();
    fs::remove_all(root_);
    fs::remove(stderr_file_);
  }

  void run() {
    const auto steps = parse_transcript(transcript_);
    bool exited = false;
    for (size_t i = 0; i < steps.size() && !::testing::Test::HasFatalFailure();) {
      const Step& step = steps[i];
      where_ = transcript_.filename().string() + ":" + std::to_string(step.line);
      switch (step.kind) {
        case Step::Kind::Args:
          args_ = split(substitute(step.text));
          ++i;
          break;
        case Step::Kind::Copy: {
          // `!copy NAME [DEST]`: tests/lsp/workspaces/NAME into ${ROOT}[/DEST].
          const auto words = split(step.text);
          const fs::path to = words.size() > 1 ? root_ / words[1] : root_;
          fs::create_directories(to);
          fs::copy(source_dir() / "tests/lsp/workspaces" / words.at(0), to,
                   fs::copy_options::recursive | fs::copy_options::overwrite_existing);
          ++i;
          break;
        }
        case Step::Kind::Write: {
          const json content = json::parse(substitute(step.extra));
          const fs::path path = root_ / step.text;
          fs::create_directories(path.parent_path());
          std::ofstream(path) << content.get<std::string>();
          ++i;
          break;
        }
        case Step::Kind::Delete:
          fs::remove(root_ / step.text);
          ++i;
          break;
        case Step::Kind::Send:
        case Step::Kind::SendRaw: {
          // Consecutive messages go out in one write, so the server reads them together.
          std::string bytes;
          for (; i < steps.size() && (steps[i].kind == Step::Kind::Send ||
                                      steps[i].kind == Step::Kind::SendRaw);
               ++i) {
            const std::string text = substitute(steps[i].text);
            if (steps[i].kind == Step::Kind::SendRaw) {
              bytes += json::parse(text).get<std::string>();
            } else {
              const std::string body = json::parse(text).dump();
              bytes += frame(body);
            }
          }
          ASSERT_TRUE(server().write_raw(bytes)) << where_ << ": the server stopped reading";
          break;
        }
        case Step::Kind::Expect: {
          std::vector<std::pair<json, std::string>> group;
          for (; i < steps.size() && steps[i].kind == Step::Kind::Expect; ++i) {
            const std::string text = substitute(steps[i].text);
            group.emplace_back(json::parse(text), transcript_.filename().string() + ":" +
                                                      std::to_string(steps[i].line));
          }
          expect(group);
          break;
        }
        case Step::Kind::FileContains: {
          const std::string wanted = json::parse(substitute(step.extra)).get<std::string>();
          std::ifstream in(root_ / step.text);
          std::stringstream content;
          content << in.rdbuf();
          EXPECT_NE(content.str().find(wanted), std::string::npos)
              << where_ << ": " << step.text << " does not contain " << wanted << ":\n"
              << content.str();
          ++i;
          break;
        }
        case Step::Kind::Eof:
          server().close_input();
          ++i;
          break;
        case Step::Kind::Exit: {
          const int code = server().wait_exit(Clock::now() + kTimeout).value_or(-1);
          exited = true;
          EXPECT_EQ(code, std::stoi(step.text)) << where_ << ": exit code" << log();
          ++i;
          break;
        }
      }
    }
    if (::testing::Test::HasFatalFailure()) return;
    EXPECT_TRUE(exited) << transcript_ << " must end with !exit";
    // Every reply must have been expected: an extra one is a second reply to a request
    // or a reply to a notification.
    std::string error;
    while (auto message = receive(Clock::now() + std::chrono::milliseconds(50), error))
      received_.push_back({*message, false});
    for (const auto& r : received_) {
      if (!r.used && r.message.contains("id") && !r.message.contains("method"))
        ADD_FAILURE() << "an unexpected reply: " << r.message.dump() << log();
    }
  }

 private:
  struct Received {
    json message;
    bool used;
  };

  LspProcess& server() {
    if (!server_) {
      ProcessOptions options;
      options.binary = KGLS_BINARY;
      options.args = args_;
      options.stderr_path = stderr_file_;
      options.answer_server_requests = false;  // The transcripts expect the server's requests.
      server_ = std::make_unique<LspProcess>(options);
    }
    return *server_;
  }

  // The next message, or nullopt at the deadline or the end of output; `error` says why.
  std::optional<json> receive(Clock::time_point deadline, std::string& error) {
    auto r = server().next(deadline);
    if (!r) {
      error = server().output_closed() ? "the server closed its output" : "timed out";
      return std::nullopt;
    }
    if (r->body.is_object() && r->body.contains("kgls-test-error")) {
      error = r->body["kgls-test-error"].get<std::string>();  // Broken framing or JSON.
      return std::nullopt;
    }
    return std::move(r->body);
  }

  static std::vector<std::string> split(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string word; in >> word;) out.push_back(word);
    return out;
  }

  // ${NAME} -> a folder URI, or a captured value as JSON.
  std::string substitute(std::string text) const {
    for (size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at)) {
      const size_t end = text.find('}', at);
      if (end == std::string::npos) break;
      const std::string name = text.substr(at + 2, end - at - 2);
      std::string value;
      if (auto v = vars_.find(name); v != vars_.end()) {
        value = v->second;
      } else if (auto c = captures_.find(name); c != captures_.end()) {
        value = c->second.is_string() ? c->second.get<std::string>() : c->second.dump();
      } else {
        at = end;  // ${ANY}, ${=x}, ${ABSENT}: for the matcher.
        continue;
      }
      text.replace(at, end - at + 1, value);
      at += value.size();
    }
    return text;
  }

  void expect(const std::vector<std::pair<json, std::string>>& group) {
    const auto deadline = Clock::now() + kTimeout;
    std::vector<bool> found(group.size(), false);
    size_t missing = group.size();
    const auto try_match = [&](Received& r) {
      for (size_t g = 0; g < group.size(); ++g) {
        if (found[g]) continue;
        std::map<std::string, json> captures;
        if (matches(group[g].first, r.message, captures)) {
          found[g] = true;
          r.used = true;
          --missing;
          for (auto& [k, v] : captures) captures_[k] = v;
          return;
        }
      }
    };
    for (auto& r : received_) {
      if (!r.used && missing) try_match(r);
    }
    std::string error;
    while (missing) {
      auto message = receive(deadline, error);
      if (!message) break;
      received_.push_back({std::move(*message), false});
      try_match(received_.back());
    }
    if (!missing) return;
    std::string report;
    for (size_t g = 0; g < group.size(); ++g) {
      if (!found[g]) report += "\n  " + group[g].second + ": " + group[g].first.dump();
    }
    report += "\nunmatched messages received:";
    for (const auto& r : received_) {
      if (!r.used) report += "\n  " + r.message.dump().substr(0, 2000);
    }
    FAIL() << "expected messages did not arrive (" << error << "):" << report << log();
  }

  std::string log() const {
    std::ifstream in(stderr_file_);
    std::stringstream out;
    out << in.rdbuf();
    return "\n--- server log ---\n" + out.str();
  }

  fs::path transcript_;
  fs::path root_;
  std::string stderr_file_;
  std::string where_;
  std::vector<std::string> args_;
  std::map<std::string, std::string> vars_;
  std::map<std::string, json> captures_;
  std::unique_ptr<LspProcess> server_;
  std::vector<Received> received_;
};

}  // namespace

void run_transcript(const fs::path& transcript) { Runner(transcript).run(); }

std::vector<std::string> transcript_names(const fs::path& folder) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".jsonrpc") out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kgls::test
