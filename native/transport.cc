#include "transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>

namespace simple {

int Core::Adopt(int fd, const std::string& peer) {
  uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else if (conns_.size() < opts_.max_connections && conns_.size() < kMaxSlots) {
    slot = static_cast<uint32_t>(conns_.size());
    conns_.emplace_back();
  } else {
    close(fd);
    stats_.refused++;
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // fails harmlessly on Unix sockets
  Conn& c = conns_[slot];
  c.fd = fd;
  c.live = true;
  c.closing = c.close_after_flush = c.peer_closed = c.stop_reading = false;
  c.held = c.throttled = c.out_throttled = false;
  c.close_reason.clear();
  c.framer.reset(new Framer(opts_.max_message_bytes));
  c.peer = peer;
  c.out.clear();
  c.out_off = 0;
  c.pending.clear();
  c.ops = 0;
  c.recv_armed = c.send_armed = c.want_write = false;
  live_++;
  stats_.accepted++;
  events_.push_back({EventKind::kOpen, IdOf(slot), peer});
  return static_cast<int>(slot);
}

Conn* Core::Find(double id, uint32_t* slot) {
  if (!(id >= 0) || id > 9007199254740991.0) return nullptr;
  uint64_t v = static_cast<uint64_t>(id);
  uint32_t s = static_cast<uint32_t>(v % kMaxSlots);
  uint64_t gen = v / kMaxSlots;
  if (s >= conns_.size()) return nullptr;
  Conn& c = conns_[s];
  if (!c.live || c.gen != gen) return nullptr;
  *slot = s;
  return &c;
}

bool Core::Send(double id, const char* body, size_t n) {
  uint32_t slot;
  Conn* c = Find(id, &slot);
  if (c == nullptr || c->closing) return false;
  if (c->close_after_flush) return false;
  char header[64];
  int h = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", n);
  size_t queued = c->out.size() - c->out_off + c->pending.size();
  if (queued + h + n > opts_.max_output_bytes) {
    StartClose(slot, "output buffer over " + std::to_string(opts_.max_output_bytes) +
                         " bytes (the client is not reading its replies)");
    return false;
  }
  c->pending.append(header, h);
  c->pending.append(body, n);
  stats_.messages_out++;
  // A client that does not read its replies is not read either (it would only queue more of them).
  if (!c->out_throttled && Queued(*c) > opts_.max_output_bytes / 4) c->out_throttled = true;
  MarkDirty(slot);
  return true;
}

void Core::Wrote(uint32_t slot) {
  Conn& c = conns_[slot];
  if (!c.out_throttled || Queued(c) > opts_.max_output_bytes / 8) return;
  c.out_throttled = false;
  if (Reading(slot)) ReadingResumed(slot);
}

bool Core::SetReading(double id, bool reading) {
  uint32_t slot;
  Conn* c = Find(id, &slot);
  if (c == nullptr) return false;
  c->held = !reading;
  if (Reading(slot)) ReadingResumed(slot);
  return true;
}

bool Core::Backlog(double id, size_t* input, size_t* output) {
  uint32_t slot;
  Conn* c = Find(id, &slot);
  if (c == nullptr) return false;
  *input = c->framer ? c->framer->Buffered() : 0;
  *output = Queued(*c);
  return true;
}

bool Core::OverInputShare(const Conn& c) const {
  if (input_total_ <= opts_.max_input_bytes || !c.framer) return false;
  size_t share = std::max(kMinInputShare, opts_.max_input_bytes / std::max<size_t>(1, live_));
  return c.framer->Buffered() > share;
}

void Core::Unthrottle() {
  if (throttled_.empty()) return;
  std::vector<uint32_t> slots;
  slots.swap(throttled_);
  for (uint32_t s : slots) {
    Conn& c = conns_[s];
    if (!c.live || !c.throttled) continue;
    if (OverInputShare(c)) {
      throttled_.push_back(s);
      continue;
    }
    c.throttled = false;
    if (Reading(s)) ReadingResumed(s);
  }
}

bool Core::Close(double id, const std::string& reason, bool after_flush) {
  uint32_t slot;
  Conn* c = Find(id, &slot);
  if (c == nullptr) return false;
  if (c->closing) return true;
  bool has_output = c->out.size() > c->out_off || !c->pending.empty();
  if (after_flush && has_output && !c->peer_closed) {
    c->close_after_flush = true;
    c->close_reason = reason;
    MarkDirty(slot);
  } else {
    StartClose(slot, reason);
  }
  return true;
}

void Core::MarkDirty(uint32_t slot) {
  Conn& c = conns_[slot];
  if (c.dirty) return;
  c.dirty = true;
  dirty_.push_back(slot);
}

void Core::StartClose(uint32_t slot, const std::string& reason) {
  Conn& c = conns_[slot];
  if (!c.live || c.closing) return;
  c.closing = true;
  c.close_reason = reason;
  BeginClose(slot);
}

void Core::Received(uint32_t slot, const char* data, size_t n) {
  Conn& c = conns_[slot];
  stats_.bytes_in += static_cast<double>(n);
  bodies_.clear();
  problems_.clear();
  std::string fatal;
  size_t before = c.framer->Buffered();
  bool ok = c.framer->Feed(data, n, &bodies_, &problems_, &fatal);
  size_t after = c.framer->Buffered();
  input_total_ = input_total_ + after - before;
  double id = IdOf(slot);
  for (std::string& p : problems_) events_.push_back({EventKind::kProblem, id, std::move(p)});
  for (std::string& b : bodies_) {
    stats_.messages_in++;
    events_.push_back({EventKind::kMessage, id, std::move(b)});
  }
  if (!ok) {
    // The JS side tells the client why, then closes after that reply is written.
    c.stop_reading = true;
    events_.push_back({EventKind::kFatal, id, fatal});
  }
  if (after < before) {
    Unthrottle();
  } else if (!c.throttled && OverInputShare(c)) {
    // Not read again until the total falls; JS's progress timeout ends it if it never does.
    c.throttled = true;
    throttled_.push_back(slot);
  }
}

void Core::Lost(uint32_t slot, const std::string& why) {
  Conn& c = conns_[slot];
  c.peer_closed = true;
  std::string reason = why;
  if (c.framer && c.framer->MidMessage()) reason += " in the middle of a message";
  size_t unsent = c.out.size() - c.out_off + c.pending.size();
  if (unsent > 0) reason += " with " + std::to_string(unsent) + " bytes of output unsent";
  StartClose(slot, reason);
}

void Core::Release(uint32_t slot) {
  Conn& c = conns_[slot];
  double id = IdOf(slot);
  events_.push_back({EventKind::kClosed, id, c.close_reason.empty() ? "closed" : c.close_reason});
  c.fd = -1;
  c.live = false;
  c.closing = false;
  c.gen = c.gen >= (1u << 30) ? 1 : c.gen + 1;
  size_t held = c.framer ? c.framer->Buffered() : 0;
  input_total_ -= held;
  c.framer.reset();
  std::string().swap(c.out);
  std::string().swap(c.pending);
  std::string().swap(c.peer);
  c.rbuf.reset();
  c.out_off = 0;
  free_.push_back(slot);
  live_--;
  stats_.closed++;
  if (held > 0) Unthrottle();
}

// ---- sockets ------------------------------------------------------------------------------------

int ListenTcp(const std::string& host_in, int port, int backlog, int* bound_port, std::string* what) {
  std::string host = host_in;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  int g = getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
  if (g != 0) {
    *what = "getaddrinfo '" + host + "': " + gai_strerror(g);
    return g == EAI_SYSTEM ? -errno : -EADDRNOTAVAIL;
  }
  int err = -EADDRNOTAVAIL;
  *what = "bind";
  int fd = -1;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      err = -errno;
      *what = "socket";
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      err = -errno;
      *what = "bind";
      close(fd);
      fd = -1;
      continue;
    }
    if (listen(fd, backlog) != 0) {
      err = -errno;
      *what = "listen";
      close(fd);
      fd = -1;
      continue;
    }
    break;
  }
  freeaddrinfo(res);
  if (fd < 0) return err;
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  *bound_port = ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  return fd;
}

int ListenUnix(const std::string& path, int backlog, std::string* what) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path) {
    *what = "socket path (1 to " + std::to_string(sizeof addr.sun_path - 1) + " bytes)";
    return -ENAMETOOLONG;
  }
  memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      *what = "socket path exists and is not a socket";
      return -EEXIST;
    }
    // A socket file: stale if nobody accepts on it, else another server owns it.
    int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int r = connect(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    int e = errno;
    close(probe);
    if (r == 0) {
      *what = "another server is listening on the socket";
      return -EADDRINUSE;
    }
    if (e != ECONNREFUSED && e != ENOENT) {
      *what = "connect (stale socket check)";
      return -e;
    }
    unlink(path.c_str());
  }
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *what = "socket";
    return -errno;
  }
  // The socket file is created 0600 (umask for the bind), and chmod'ed again in case the umask was ignored.
  mode_t old = umask(0177);
  int r = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int e = errno;
  umask(old);
  if (r != 0) {
    close(fd);
    *what = "bind";
    return -e;
  }
  if (chmod(path.c_str(), 0600) != 0 || listen(fd, backlog) != 0) {
    e = errno;
    close(fd);
    unlink(path.c_str());
    *what = "listen";
    return -e;
  }
  return fd;
}

std::string PeerName(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "?";
  char host[INET6_ADDRSTRLEN] = "";
  if (ss.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(a->sin_port));
  }
  if (ss.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(a->sin6_port));
  }
  return "unix";
}

}  // namespace simple
