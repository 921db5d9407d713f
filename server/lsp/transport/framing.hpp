// Content-Length framing of JSON-RPC messages, as a pure state machine: bytes in,
// message bodies and framing errors out. No I/O, so tests can feed any split of the input.
//
// A frame is header lines ("Name: value\r\n"), an empty line, then exactly
// Content-Length bytes of body. The reader is strict (Content-Length must be present, a
// plain decimal, and agree with any repeat of itself) and bounded (a header line, the
// header block and a body each have a cap), and it recovers from bad input instead of
// giving up: after a bad header block it skips to the next "Content-Length:" it sees;
// an oversized body is counted off and discarded without being stored.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kgls::lsp {

struct FrameLimits {
  size_t max_header_line = 1024;          // One header line, without its line break.
  size_t max_header_block = 8 * 1024;     // All header lines of one frame.
  size_t max_body = 64 * 1024 * 1024;     // Content-Length; larger bodies are refused.
};

struct FrameEvent {
  enum class Kind {
    Message,      // `text` is a complete body.
    BadHeader,    // `text` says what was wrong; the body (if any) was skipped.
    TooLarge,     // `text` says how large; the body was skipped.
  };
  Kind kind = Kind::Message;
  std::string text;
};

class FrameReader {
 public:
  explicit FrameReader(FrameLimits limits = {}) : limits_(limits) {}

  /// Consumes `bytes`; appends every event they complete to `out`, in input order.
  void feed(std::string_view bytes, std::vector<FrameEvent>& out);

  /// True between frames (nothing buffered): an end of input here is a clean one.
  bool idle() const;

 private:
  enum class State { Headers, Body, Skip, Resync };

  // Handles one complete header line (without its line break).
  void header_line(std::string_view line);
  // The blank line that ends a header block.
  void end_of_headers(std::vector<FrameEvent>& out);
  void fail_block(std::string reason);  // Remembers the first problem of this block.
  void start_resync(std::vector<FrameEvent>& out, std::string reason);
  void reset_headers();

  FrameLimits limits_;
  State state_ = State::Headers;
  std::string line_;            // The header line being read.
  size_t block_size_ = 0;       // Bytes of header lines in this block so far.
  bool block_started_ = false;  // A non-empty header line was seen in this block.
  std::optional<size_t> content_length_;
  std::optional<std::string> block_error_;
  std::string body_;
  size_t remaining_ = 0;  // Body or skipped bytes still to come.
  std::string window_;    // Resync: the tail of what was scanned, to find a split marker.
};

}  // namespace kgls::lsp
