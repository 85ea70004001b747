// LSP base-protocol framing for the native transport: bytes in, whole message bodies out.
//
// Headers are `Name: value` lines ended by an empty line; `Content-Length` is required, `Content-Type` is
// optional, in any order, names case-insensitive. A broken header block is reported as a problem and the
// stream resynchronises at the next `Content-Length:` (as server/src/transport/framing.ts does for stdio);
// a length over the cap is fatal for the connection. No N-API in here.
#pragma once

#include <stddef.h>

#include <string>
#include <vector>

namespace simple {

class Framer {
 public:
  /** A header block longer than this is garbage, not a header still arriving. */
  static constexpr size_t kMaxHeaderBytes = 8 * 1024;

  explicit Framer(size_t max_body) : max_body_(max_body) {}

  /**
   * Consumes `n` bytes. Complete bodies are appended to `bodies`, recoverable framing problems to
   * `problems`. Returns false (with `fatal` set) when the connection must be closed: a length over the cap.
   */
  bool Feed(const char* data, size_t n, std::vector<std::string>* bodies, std::vector<std::string>* problems,
            std::string* fatal);

  /** True when part of a message (header or body) has been received but not all of it. */
  bool MidMessage() const { return buf_.size() > pos_ || body_left_ > 0; }

  /** Bytes received and held: a partial header or body. */
  size_t Buffered() const { return buf_.size() - pos_; }

 private:
  void Skip(const std::string& problem, size_t bad_end, std::vector<std::string>* problems);

  size_t max_body_;
  std::string buf_;
  size_t pos_ = 0;        // bytes of buf_ already consumed
  size_t body_left_ = 0;  // body bytes still expected for the frame in progress (0: reading headers)
  bool in_body_ = false;
  bool resyncing_ = false;
};

}  // namespace simple
