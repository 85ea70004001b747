#include "framing.h"

#include <string.h>
#include <strings.h>

namespace simple {
namespace {

const char kMark[] = "content-length:";
constexpr size_t kMarkLen = sizeof kMark - 1;

/** Offset of the next case-insensitive "Content-Length:" in [from, end), or npos. */
size_t FindMark(const std::string& s, size_t from) {
  if (s.size() < kMarkLen) return std::string::npos;
  for (size_t i = from; i + kMarkLen <= s.size(); i++) {
    if ((s[i] | 0x20) == 'c' && strncasecmp(s.data() + i, kMark, kMarkLen) == 0) return i;
  }
  return std::string::npos;
}

std::string Quote(const char* p, size_t n) {
  std::string out = "\"";
  for (size_t i = 0; i < n && i < 80; i++) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string Trim(const char* p, size_t n) {
  while (n > 0 && (*p == ' ' || *p == '\t')) p++, n--;
  while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
  return std::string(p, n);
}

/** Parses a header block (without its final CRLFCRLF): the Content-Length, or an error in `problem`. */
bool CheckHeaders(const char* block, size_t size, size_t max_body, uint64_t* length, std::string* problem,
                  bool* fatal) {
  bool found = false;
  size_t start = 0;
  while (start <= size) {
    const char* line = block + start;
    const void* crlf = memmem(line, size - start, "\r\n", 2);
    size_t len = crlf ? static_cast<const char*>(crlf) - line : size - start;
    const char* colon = static_cast<const char*>(memchr(line, ':', len));
    if (colon == nullptr || colon == line) {
      *problem = "malformed header line " + Quote(line, len);
      return false;
    }
    std::string name = Trim(line, colon - line);
    if (strcasecmp(name.c_str(), "content-length") == 0) {
      std::string value = Trim(colon + 1, len - (colon + 1 - line));
      bool digits = !value.empty() && value.size() <= 19;
      for (char c : value) digits = digits && c >= '0' && c <= '9';
      if (!digits) {
        // Twenty or more digits is a number, just one over any cap.
        bool all_digits = !value.empty();
        for (char c : value) all_digits = all_digits && c >= '0' && c <= '9';
        if (all_digits) {
          *problem =
              "message of " + value + " bytes exceeds the limit of " + std::to_string(max_body) + " bytes";
          *fatal = true;
          return false;
        }
        *problem = "Content-Length is not a number: " + Quote(value.data(), value.size());
        return false;
      }
      *length = strtoull(value.c_str(), nullptr, 10);
      found = true;
    }
    start += len + 2;
  }
  if (!found) {
    *problem = "header block without Content-Length: " + Quote(block, size);
    return false;
  }
  if (*length > max_body) {
    *problem = "message of " + std::to_string(*length) + " bytes exceeds the limit of " +
               std::to_string(max_body) + " bytes";
    *fatal = true;
    return false;
  }
  return true;
}

}  // namespace

void Framer::Skip(const std::string& problem, size_t bad_end, std::vector<std::string>* problems) {
  size_t next = FindMark(buf_, pos_ + 1);
  size_t keep_from;
  if (next != std::string::npos) {
    keep_from = next;
  } else if (bad_end != std::string::npos) {
    keep_from = bad_end;
  } else {
    // The end of the junk is unknown: keep a tail that could hold the start of a mark.
    size_t tail = buf_.size() - pos_ >= kMarkLen ? buf_.size() - kMarkLen + 1 : pos_ + 1;
    keep_from = tail > pos_ ? tail : pos_ + 1;
  }
  if (!resyncing_) problems->push_back(problem + "; skipping to the next Content-Length header");
  resyncing_ = true;
  pos_ = keep_from < buf_.size() ? keep_from : buf_.size();
}

bool Framer::Feed(const char* data, size_t n, std::vector<std::string>* bodies,
                  std::vector<std::string>* problems, std::string* fatal) {
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  } else if (pos_ > 64 * 1024 && pos_ * 2 > buf_.size()) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(data, n);
  for (;;) {
    size_t avail = buf_.size() - pos_;
    if (in_body_) {
      if (avail < body_left_) return true;
      bodies->emplace_back(buf_.data() + pos_, body_left_);
      pos_ += body_left_;
      body_left_ = 0;
      in_body_ = false;
      continue;
    }
    if (avail == 0) return true;
    size_t window = avail < kMaxHeaderBytes + 4 ? avail : kMaxHeaderBytes + 4;
    const void* end = memmem(buf_.data() + pos_, window, "\r\n\r\n", 4);
    if (end == nullptr) {
      if (avail <= kMaxHeaderBytes) return true;  // more header bytes to come
      Skip("header block longer than " + std::to_string(kMaxHeaderBytes) + " bytes", std::string::npos,
           problems);
      continue;
    }
    size_t block = static_cast<const char*>(end) - (buf_.data() + pos_);
    uint64_t length = 0;
    std::string problem;
    bool is_fatal = false;
    if (!CheckHeaders(buf_.data() + pos_, block, max_body_, &length, &problem, &is_fatal)) {
      if (is_fatal) {
        *fatal = problem;
        return false;
      }
      Skip(problem, pos_ + block + 4, problems);
      continue;
    }
    resyncing_ = false;
    pos_ += block + 4;
    body_left_ = static_cast<size_t>(length);
    in_body_ = true;
    if (buf_.capacity() < pos_ + body_left_) buf_.reserve(pos_ + body_left_);
  }
}

}  // namespace simple
