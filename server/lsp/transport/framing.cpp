#include "lsp/transport/framing.hpp"

#include <algorithm>
#include <cctype>

namespace kgls::lsp {

namespace {

constexpr std::string_view kContentLength = "content-length:";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Shows a header value in a message without letting a binary one flood the log.
std::string quoted(std::string_view value) {
  std::string out = "'";
  for (char c : value.substr(0, 40)) {
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  if (value.size() > 40) out += "...";
  return out + "'";
}

}  // namespace

bool FrameReader::idle() const {
  return state_ == State::Headers && line_.empty() && !block_started_;
}

void FrameReader::reset_headers() {
  state_ = State::Headers;
  line_.clear();
  block_size_ = 0;
  block_started_ = false;
  content_length_.reset();
  block_error_.reset();
}

void FrameReader::fail_block(std::string reason) {
  if (!block_error_) block_error_ = std::move(reason);
}

void FrameReader::start_resync(std::vector<FrameEvent>& out, std::string reason) {
  out.push_back({FrameEvent::Kind::BadHeader, std::move(reason)});
  reset_headers();
  state_ = State::Resync;
  window_.clear();
}

void FrameReader::header_line(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    fail_block("header line " + quoted(line) + " has no ':'");
    return;
  }
  const std::string_view name = trim(line.substr(0, colon));
  const std::string_view value = trim(line.substr(colon + 1));
  if (!iequals(name, "Content-Length")) return;  // Content-Type and others: ignored.
  // Strict: digits only (no sign, no hex, no spaces inside); at most 18 digits so the
  // value cannot overflow before it is compared with the cap.
  const bool digits = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!digits) {
    fail_block("Content-Length " + quoted(value) + " is not a decimal number");
    return;
  }
  if (value.size() > 18) {
    fail_block("Content-Length " + quoted(value) + " is out of range");
    return;
  }
  size_t length = 0;
  for (char c : value) length = length * 10 + static_cast<size_t>(c - '0');
  if (content_length_ && *content_length_ != length) {
    fail_block("conflicting Content-Length headers (" + std::to_string(*content_length_) +
               " and " + std::to_string(length) + ")");
    return;
  }
  content_length_ = length;
}

void FrameReader::end_of_headers(std::vector<FrameEvent>& out) {
  if (!content_length_) {
    start_resync(out, block_error_ ? *block_error_ : "missing Content-Length header");
    return;
  }
  const size_t length = *content_length_;
  if (block_error_) {
    // The length is known, so the body can be skipped and framing stays in step.
    out.push_back({FrameEvent::Kind::BadHeader, *block_error_});
    reset_headers();
    state_ = State::Skip;
    remaining_ = length;
  } else if (length > limits_.max_body) {
    out.push_back({FrameEvent::Kind::TooLarge,
                   "message of " + std::to_string(length) + " bytes exceeds the limit of " +
                       std::to_string(limits_.max_body) + " bytes"});
    reset_headers();
    state_ = State::Skip;
    remaining_ = length;
  } else {
    reset_headers();
    state_ = State::Body;
    remaining_ = length;
    body_.clear();
    body_.reserve(length);
  }
  if (remaining_ == 0) {
    if (state_ == State::Body) out.push_back({FrameEvent::Kind::Message, {}});
    state_ = State::Headers;
  }
}

void FrameReader::feed(std::string_view bytes, std::vector<FrameEvent>& out) {
  size_t i = 0;
  while (i < bytes.size()) {
    switch (state_) {
      case State::Body:
      case State::Skip: {
        const size_t n = std::min(remaining_, bytes.size() - i);
        if (state_ == State::Body) body_.append(bytes.data() + i, n);
        i += n;
        remaining_ -= n;
        if (remaining_ == 0) {
          if (state_ == State::Body) {
            out.push_back({FrameEvent::Kind::Message, std::move(body_)});
            body_.clear();
          }
          state_ = State::Headers;
        }
        break;
      }
      case State::Resync: {
        // Looks for the next "Content-Length:" anywhere in the stream: a body without a
        // usable length has no known end, and the next frame's header is the only
        // landmark left.
        const char c = bytes[i++];
        window_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (window_.size() > kContentLength.size()) window_.erase(0, 1);
        if (window_ == kContentLength) {
          reset_headers();
          line_ = "Content-Length:";
          block_size_ = line_.size();
          block_started_ = true;
        }
        break;
      }
      case State::Headers: {
        const char c = bytes[i++];
        if (c != '\n') {
          line_ += c;
          if (line_.size() > limits_.max_header_line + 1) {  // +1: a '\r' may follow.
            start_resync(out, "header line longer than " +
                                  std::to_string(limits_.max_header_line) + " bytes");
          }
          break;
        }
        // Both "\r\n" (the protocol's) and a bare "\n" end a line.
        std::string_view line = line_;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) {
          line_.clear();
          // Blank lines between frames are tolerated; after headers one ends the block.
          if (block_started_) end_of_headers(out);
          break;
        }
        block_started_ = true;
        block_size_ += line.size();
        if (block_size_ > limits_.max_header_block) {
          start_resync(out, "header block larger than " +
                                std::to_string(limits_.max_header_block) + " bytes");
          break;
        }
        header_line(line);
        line_.clear();
        break;
      }
    }
  }
}

}  // namespace kgls::lsp
