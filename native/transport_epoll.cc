// The epoll backend: level-triggered readiness on one epoll descriptor, which libuv watches. Reads drain a
// socket into the framer; output is written at flush time, and EPOLLOUT is asked for only while a socket's
// buffer is full. Same events and batching as the io_uring backend.
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errors.h"
#include "transport.h"

namespace simple {
namespace {

constexpr uint64_t kListenerTag = 1ull << 63;
constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kReadBudget = 1 << 20;  // per socket per turn, so one flood cannot starve the others

class EpollCore : public Core {
 public:
  explicit EpollCore(const TransportOptions& o) : Core(o) {}
  ~EpollCore() override { Shutdown(); }

  int Init(std::string* what) override {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0) {
      *what = "epoll_create1";
      return -errno;
    }
    return 0;
  }
  int PollFd() const override { return ep_; }
  std::string Describe() const override { return "epoll (level-triggered, native framing)"; }

  int AddListener(int fd, std::string* what) override {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenerTag | listeners_.size();
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      *what = "epoll_ctl(ADD listener)";
      return -errno;
    }
    listeners_.push_back(fd);
    return 0;
  }

  void OnReadable() override {
    epoll_event evs[256];
    for (;;) {
      int n = epoll_wait(ep_, evs, 256, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      for (int i = 0; i < n; i++) Handle(evs[i]);
      if (n < 256) break;
    }
  }

  void Flush() override {
    if (dirty_.empty()) return;
    std::vector<uint32_t> slots;
    slots.swap(dirty_);
    for (uint32_t s : slots) {
      conns_[s].dirty = false;
      if (conns_[s].live && !conns_[s].closing) Write(s);
    }
    stats_.submits++;
  }

  void Shutdown() override {
    for (int fd : listeners_) close(fd);
    listeners_.clear();
    for (size_t s = 0; s < conns_.size(); s++) {
      if (conns_[s].live && conns_[s].fd >= 0) close(conns_[s].fd);
      conns_[s].live = false;
      conns_[s].fd = -1;
    }
    if (ep_ >= 0) close(ep_);
    ep_ = -1;
  }

 protected:
  void BeginClose(uint32_t slot) override {
    Conn& c = conns_[slot];
    epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    Release(slot);
  }

  void ReadingResumed(uint32_t slot) override { Interest(slot); }

 private:
  void Handle(const epoll_event& ev) {
    if (ev.data.u64 & kListenerTag) return Accept(listeners_[ev.data.u64 & ~kListenerTag]);
    uint32_t slot = static_cast<uint32_t>(ev.data.u64);
    if (slot >= conns_.size() || !conns_[slot].live || conns_[slot].closing) return;
    if (ev.events & EPOLLOUT) Write(slot);
    if (!conns_[slot].live || conns_[slot].closing) return;
    if (ev.events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) Read(slot);
  }

  void Accept(int lfd) {
    for (int i = 0; i < 256; i++) {
      int fd = accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or EMFILE and friends: level-triggered, tried again next turn
      int slot = Adopt(fd, PeerName(fd));
      if (slot < 0) continue;
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.u64 = static_cast<uint32_t>(slot);
      if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) != 0) Lost(slot, "epoll_ctl failed");
    }
  }

  void Read(uint32_t slot) {
    char buf[kReadChunk];
    size_t total = 0;
    while (total < kReadBudget) {
      Conn& c = conns_[slot];
      if (!Reading(slot)) return Interest(slot);
      ssize_t n = recv(c.fd, buf, sizeof buf, 0);
      if (n > 0) {
        total += static_cast<size_t>(n);
        Received(slot, buf, static_cast<size_t>(n));
        continue;
      }
      if (n == 0) return Lost(slot, "client disconnected");
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      return Lost(slot, ErrnoMessage("recv", errno));
    }
  }

  void Write(uint32_t slot) {
    Conn& c = conns_[slot];
    for (;;) {
      if (c.out_off == c.out.size()) {
        c.out.clear();
        c.out_off = 0;
        if (c.pending.empty()) break;
        c.out.swap(c.pending);
      }
      ssize_t n = send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_off += static_cast<size_t>(n);
        stats_.bytes_out += static_cast<double>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!c.want_write) {
          c.want_write = true;
          Interest(slot);
        }
        return;
      }
      return Lost(slot, ErrnoMessage("send", errno));
    }
    if (c.want_write) {
      c.want_write = false;
      Interest(slot);
    }
    Wrote(slot);
    if (c.close_after_flush) StartClose(slot, c.close_reason);
  }

  void Interest(uint32_t slot) {
    Conn& c = conns_[slot];
    epoll_event ev{};
    uint32_t in = Reading(slot) ? static_cast<uint32_t>(EPOLLIN | EPOLLRDHUP) : 0u;
    ev.events = in | (c.want_write ? static_cast<uint32_t>(EPOLLOUT) : 0u);
    ev.data.u64 = slot;
    epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  int ep_ = -1;
  std::vector<int> listeners_;
};

}  // namespace

std::unique_ptr<Core> MakeEpollCore(const TransportOptions& o) {
  return std::unique_ptr<Core>(new EpollCore(o));
}

}  // namespace simple
