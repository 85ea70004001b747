// The io_uring backend (design.md, "Why io_uring for the TCP transport"): one ring owned by the JS thread,
// set up SINGLE_ISSUER|COOP_TASKRUN|TASKRUN_FLAG (falling back to COOP_TASKRUN, then no flags, on -EINVAL), a
// registered eventfd that libuv watches, multishot accept, one single-shot recv per connection into its
// own buffer, at most one send in flight per connection (the rest queued and coalesced, short writes
// resumed), and one io_uring_submit per loop turn. Closing cancels the ops in flight; the descriptor and
// the buffers are released only once every completion has been reaped.
#ifdef SIMPLE_HAVE_URING

#include <arpa/inet.h>
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "errors.h"
#include "transport.h"

namespace simple {
namespace {

constexpr size_t kRecvBytes = 16 * 1024;
enum Op : uint64_t { kAccept = 1, kRecv = 2, kSend = 3, kCancel = 4 };

uint64_t Tag(Op op, uint32_t gen, uint32_t slot) {
  return (static_cast<uint64_t>(op) << 56) | (static_cast<uint64_t>(gen & ((1u << 30) - 1)) << kSlotBits) |
         slot;
}

unsigned RoundUp(unsigned v) {
  unsigned p = 1;
  while (p < v) p <<= 1;
  return p;
}

struct FlagChoice {
  unsigned flags;
  const char* name;
};
// Chosen by measured latency as well as throughput (docs/transport.md, "Ring flags"): DEFER_TASKRUN runs
// completions only when the ring is entered with GETEVENTS, so a quiet connection's reply waited for the
// next unrelated wake-up (~20 ms per round trip, against ~1 ms for these flags, epoll and net).
const FlagChoice kFlagChoices[] = {
    {IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
     "SINGLE_ISSUER|COOP_TASKRUN|TASKRUN_FLAG"},
    {IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN"},
    {0, "no setup flags"},
};

/** Sets a ring up with the best flags the kernel takes; returns 0 or -errno, the flags in `*chosen`. */
int SetupRing(io_uring* ring, unsigned sq, unsigned cq, const FlagChoice** chosen) {
  int r = -EINVAL;
  for (const FlagChoice& f : kFlagChoices) {
    io_uring_params p{};
    p.flags = f.flags | IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP;
    p.cq_entries = cq;
    r = io_uring_queue_init_params(sq, ring, &p);
    if (r == 0) {
      *chosen = &f;
      return 0;
    }
    if (r != -EINVAL) return r;
  }
  return r;
}

std::string SetupHint(int err) {
  switch (err) {
    case ENOSYS:
      return " — the kernel has no io_uring";
    case EPERM:
      return " — io_uring is not permitted here (kernel.io_uring_disabled, a seccomp filter or a container "
             "policy)";
    case EACCES:
      return " — io_uring is restricted to a group this process is not in (kernel.io_uring_io_uring_group)";
    case ENOMEM:
      return " — not enough locked memory for the ring (RLIMIT_MEMLOCK)";
    default:
      return "";
  }
}

class UringCore : public Core {
 public:
  explicit UringCore(const TransportOptions& o) : Core(o) {}
  ~UringCore() override { Shutdown(); }

  int Init(std::string* what) override {
    unsigned conns = static_cast<unsigned>(opts_.max_connections);
    // In flight per connection: one recv, one send and up to two cancels; plus the accepts.
    sq_ = RoundUp(std::min(4096u, std::max(256u, 2 * conns)));
    cq_ = RoundUp(std::max(sq_ * 2, 4 * conns + 64));
    int r = SetupRing(&ring_, sq_, cq_, &flags_);
    if (r < 0) {
      *what = "io_uring_queue_init_params";
      return r;
    }
    ring_ok_ = true;
    cq_ = ring_.cq.ring_entries;
    efd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (efd_ < 0) {
      *what = "eventfd";
      return -errno;
    }
    r = io_uring_register_eventfd(&ring_, efd_);
    if (r < 0) {
      *what = "io_uring_register_eventfd";
      return r;
    }
    taskrun_flag_ = (flags_->flags & IORING_SETUP_TASKRUN_FLAG) != 0;
    return 0;
  }

  int PollFd() const override { return efd_; }

  std::string Describe() const override {
    return std::string("io_uring (") + flags_->name + ", SQ " + std::to_string(sq_) + ", CQ " +
           std::to_string(cq_) + ", eventfd, multishot accept)";
  }

  int AddListener(int fd, std::string* what) override {
    listeners_.push_back(fd);
    if (!ArmAccept(static_cast<uint32_t>(listeners_.size() - 1))) {
      *what = "io_uring_get_sqe";
      return -EBUSY;
    }
    Flush();
    return failed_ ? -EIO : 0;
  }

  void OnReadable() override {
    uint64_t v;
    while (read(efd_, &v, sizeof v) < 0 && errno == EINTR) {
    }
    if (failed_) return;
    // Completions whose task work is still pending (the kernel says so with IORING_SQ_TASKRUN) are
    // flushed into the CQ now rather than at the next unrelated syscall.
    if (taskrun_flag_ && (IO_URING_READ_ONCE(*ring_.sq.kflags) & IORING_SQ_TASKRUN)) {
      int r = io_uring_get_events(&ring_);
      if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) return RingError("io_uring_get_events", r);
    }
    unsigned head, n = 0;
    io_uring_cqe* cqe;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      Complete(cqe->user_data, cqe->res, cqe->flags);
      n++;
    }
    io_uring_cq_advance(&ring_, n);
  }

  void Flush() override {
    if (failed_) return;
    if (!dirty_.empty()) {
      std::vector<uint32_t> slots;
      slots.swap(dirty_);
      for (uint32_t s : slots) {
        Conn& c = conns_[s];
        c.dirty = false;
        if (c.live && !c.closing && !c.send_armed) NextSend(s);
      }
    }
    Submit();
  }

  void InjectFault() override { inject_ = true; }

  void Shutdown() override {
    if (!ring_ok_) {
      if (efd_ >= 0) close(efd_);
      efd_ = -1;
      return;
    }
    // Wake every pending op (shutdown completes recvs), cancel the rest, then reap before freeing buffers.
    for (int fd : listeners_) shutdown(fd, SHUT_RDWR);
    for (Conn& c : conns_)
      if (c.live && c.fd >= 0) shutdown(c.fd, SHUT_RDWR);
    if (!failed_) {
      io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
      if (sqe == nullptr) {
        io_uring_submit(&ring_);
        sqe = io_uring_get_sqe(&ring_);
      }
      if (sqe != nullptr) {
        io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ANY);
        io_uring_sqe_set_data64(sqe, 0);
      }
      io_uring_submit(&ring_);
      auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
      while (InFlight() > 0 && std::chrono::steady_clock::now() < until) {
        __kernel_timespec ts{0, 10 * 1000 * 1000};
        io_uring_cqe* cqe = nullptr;
        if (io_uring_wait_cqe_timeout(&ring_, &cqe, &ts) != 0) continue;
        unsigned head, n = 0;
        io_uring_for_each_cqe(&ring_, head, cqe) {
          Account(cqe->user_data);
          n++;
        }
        io_uring_cq_advance(&ring_, n);
      }
    }
    io_uring_queue_exit(&ring_);  // the kernel cancels whatever is left before the ring goes
    ring_ok_ = false;
    for (int fd : listeners_) close(fd);
    listeners_.clear();
    for (Conn& c : conns_) {
      if (c.live && c.fd >= 0) close(c.fd);
      c.live = false;
      c.fd = -1;
    }
    if (efd_ >= 0) close(efd_);
    efd_ = -1;
  }

 protected:
  void BeginClose(uint32_t slot) override {
    Conn& c = conns_[slot];
    if (c.recv_armed) Cancel(slot, kRecv);
    if (c.send_armed) Cancel(slot, kSend);
    MaybeRelease(slot);
  }

  void ReadingResumed(uint32_t slot) override {
    if (!conns_[slot].recv_armed && !failed_) ArmRecv(slot);
  }

 private:
  io_uring_sqe* Sqe() {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe != nullptr) return sqe;
    Submit();  // the SQ is full within one turn (many connections): submit what is there and go on
    return failed_ ? nullptr : io_uring_get_sqe(&ring_);
  }

  void Submit() {
    if (failed_ || io_uring_sq_ready(&ring_) == 0) return;
    int r = inject_ ? -EBADF : io_uring_submit(&ring_);
    stats_.submits++;
    if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) RingError("io_uring_submit", r);
  }

  void RingError(const char* call, int r) {
    if (failed_) return;
    failed_ = true;
    events_.push_back({EventKind::kBackendError, 0, ErrnoMessage(call, -r)});
  }

  bool ArmAccept(uint32_t index) {
    io_uring_sqe* sqe = Sqe();
    if (sqe == nullptr) return false;
    io_uring_prep_multishot_accept(sqe, listeners_[index], nullptr, nullptr, SOCK_CLOEXEC);
    io_uring_sqe_set_data64(sqe, Tag(kAccept, 0, index));
    return true;
  }

  void ArmRecv(uint32_t slot) {
    Conn& c = conns_[slot];
    io_uring_sqe* sqe = Sqe();
    if (sqe == nullptr) return;
    io_uring_prep_recv(sqe, c.fd, c.rbuf.get(), kRecvBytes, 0);
    io_uring_sqe_set_data64(sqe, Tag(kRecv, c.gen, slot));
    c.ops++;
    c.recv_armed = true;
  }

  /** Sends the rest of `out`, or moves the queued bytes into `out` and sends them. */
  void NextSend(uint32_t slot) {
    Conn& c = conns_[slot];
    if (c.out_off == c.out.size()) {
      c.out.clear();
      c.out_off = 0;
      c.out.swap(c.pending);
    }
    if (c.out.empty()) {
      if (c.close_after_flush) StartClose(slot, c.close_reason);
      return;
    }
    io_uring_sqe* sqe = Sqe();
    if (sqe == nullptr) return;
    io_uring_prep_send(sqe, c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
    io_uring_sqe_set_data64(sqe, Tag(kSend, c.gen, slot));
    c.ops++;
    c.send_armed = true;
  }

  void Cancel(uint32_t slot, Op op) {
    Conn& c = conns_[slot];
    io_uring_sqe* sqe = Sqe();
    if (sqe == nullptr) return;
    io_uring_prep_cancel64(sqe, Tag(op, c.gen, slot), 0);
    io_uring_sqe_set_data64(sqe, Tag(kCancel, c.gen, slot));
    c.ops++;
  }

  void MaybeRelease(uint32_t slot) {
    Conn& c = conns_[slot];
    if (!c.closing || c.ops > 0) return;
    close(c.fd);
    Release(slot);
  }

  /** Shutdown's reaping: only the bookkeeping. */
  void Account(uint64_t ud) {
    Op op = static_cast<Op>(ud >> 56);
    uint32_t slot = static_cast<uint32_t>(ud & (kMaxSlots - 1));
    if (op == kAccept || ud == 0 || slot >= conns_.size()) return;
    conns_[slot].ops--;
  }

  size_t InFlight() const {
    size_t n = 0;
    for (const Conn& c : conns_) n += c.ops > 0 ? c.ops : 0;
    return n;
  }

  void Complete(uint64_t ud, int res, unsigned flags) {
    if (ud == 0) return;
    Op op = static_cast<Op>(ud >> 56);
    uint32_t slot = static_cast<uint32_t>(ud & (kMaxSlots - 1));
    if (op == kAccept) return Accepted(slot, res, flags);
    if (slot >= conns_.size()) return;
    Conn& c = conns_[slot];
    c.ops--;
    switch (op) {
      case kRecv:
        c.recv_armed = false;
        if (c.closing) break;
        if (res > 0) {
          Received(slot, c.rbuf.get(), static_cast<size_t>(res));
          if (Reading(slot)) ArmRecv(slot);
        } else if (res == 0) {
          Lost(slot, "client disconnected");
        } else if (res == -EINTR || res == -EAGAIN) {
          if (Reading(slot)) ArmRecv(slot);
        } else {
          Lost(slot, ErrnoMessage("recv", -res));
        }
        break;
      case kSend:
        c.send_armed = false;
        if (c.closing) break;
        if (res >= 0) {
          c.out_off += static_cast<size_t>(res);
          stats_.bytes_out += res;
          Wrote(slot);
          NextSend(slot);  // the rest of a short write, or the queued bytes coalesced
        } else if (res == -EINTR || res == -EAGAIN) {
          NextSend(slot);
        } else {
          Lost(slot, ErrnoMessage("send", -res));
        }
        break;
      default:
        break;
    }
    MaybeRelease(slot);
  }

  void Accepted(uint32_t index, int res, unsigned flags) {
    if (index >= listeners_.size()) return;
    if (res >= 0) {
      int slot = Adopt(res, PeerName(res));
      if (slot >= 0) {
        conns_[slot].rbuf.reset(new char[kRecvBytes]);
        ArmRecv(static_cast<uint32_t>(slot));
      }
    }
    // A multishot accept that ended (an error, or the kernel's choice) is armed again.
    if (!(flags & IORING_CQE_F_MORE) && res != -ECANCELED && res != -EBADF && res != -EINVAL)
      ArmAccept(index);
  }

  io_uring ring_{};
  bool ring_ok_ = false;
  const FlagChoice* flags_ = &kFlagChoices[2];
  unsigned sq_ = 0, cq_ = 0;
  int efd_ = -1;
  bool taskrun_flag_ = false;
  bool failed_ = false;
  bool inject_ = false;
  std::vector<int> listeners_;
};

int WaitOne(io_uring* ring, int* res) {
  __kernel_timespec ts{1, 0};
  io_uring_cqe* cqe = nullptr;
  int r = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
  if (r < 0) return r;
  *res = cqe->res;
  io_uring_cqe_seen(ring, cqe);
  return 0;
}

}  // namespace

std::unique_ptr<Core> MakeUringCore(const TransportOptions& o) {
  return std::unique_ptr<Core>(new UringCore(o));
}

bool ProbeUringTransport(std::string* reason, std::string* flags) {
  io_uring ring;
  const FlagChoice* chosen = nullptr;
  int r = SetupRing(&ring, 8, 16, &chosen);
  if (r < 0) {
    *reason = ErrnoMessage("io_uring_setup", -r) + SetupHint(-r);
    return false;
  }
  *flags = chosen->name;
  std::string missing;
  io_uring_probe* probe = io_uring_get_probe_ring(&ring);
  if (probe == nullptr) {
    missing = "opcode probe unsupported";
  } else {
    const std::pair<int, const char*> need[] = {{IORING_OP_ACCEPT, "ACCEPT"},
                                                {IORING_OP_RECV, "RECV"},
                                                {IORING_OP_SEND, "SEND"},
                                                {IORING_OP_ASYNC_CANCEL, "ASYNC_CANCEL"}};
    for (auto& n : need)
      if (!io_uring_opcode_supported(probe, n.first))
        missing += std::string(missing.empty() ? "" : ", ") + n.second;
    io_uring_free_probe(probe);
  }
  if (!missing.empty()) {
    io_uring_queue_exit(&ring);
    *reason = "io_uring lacks required opcodes: " + missing;
    return false;
  }
  // Loopback self-test: multishot accept, recv and send through the ring.
  std::string what, fail;
  int port = 0, lfd = ListenTcp("127.0.0.1", 0, 4, &port, &what), cfd = -1, afd = -1;
  if (lfd < 0) fail = ErrnoMessage(what.c_str(), -lfd);
  sockaddr_in sa{};
  if (fail.empty()) {
    cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (cfd < 0 || connect(cfd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
      fail = ErrnoMessage("connect (self-test)", errno);
  }
  int res = 0;
  char buf[8] = {0};
  auto step = [&](const char* name, io_uring_sqe* sqe) {
    if (!fail.empty()) return;
    io_uring_sqe_set_data64(sqe, 1);
    io_uring_submit(&ring);
    int w = WaitOne(&ring, &res);
    if (w < 0)
      fail = std::string(name) + " timed out or failed: " + ErrnoMessage("io_uring_wait_cqe", -w);
    else if (res < 0)
      fail = ErrnoMessage(name, -res);
  };
  if (fail.empty()) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring);
    io_uring_prep_multishot_accept(sqe, lfd, nullptr, nullptr, SOCK_CLOEXEC);
    step("multishot accept", sqe);
    afd = res;
  }
  if (fail.empty() && write(cfd, "ping", 4) != 4) fail = ErrnoMessage("write (self-test)", errno);
  if (fail.empty()) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring);
    io_uring_prep_recv(sqe, afd, buf, sizeof buf, 0);
    step("recv", sqe);
    if (fail.empty() && (res != 4 || memcmp(buf, "ping", 4) != 0)) fail = "recv returned the wrong bytes";
  }
  if (fail.empty()) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring);
    io_uring_prep_send(sqe, afd, "pong", 4, MSG_NOSIGNAL);
    step("send", sqe);
    if (fail.empty() && (read(cfd, buf, 4) != 4 || memcmp(buf, "pong", 4) != 0))
      fail = "the self-test client did not get the bytes sent";
  }
  io_uring_queue_exit(&ring);
  if (afd >= 0) close(afd);
  if (cfd >= 0) close(cfd);
  if (lfd >= 0) close(lfd);
  if (!fail.empty()) {
    *reason = "io_uring loopback self-test failed: " + fail;
    return false;
  }
  *reason = std::string("io_uring ready (") + chosen->name +
            "; ACCEPT, RECV, SEND, ASYNC_CANCEL probed; loopback self-test passed)";
  return true;
}

}  // namespace simple

#endif  // SIMPLE_HAVE_URING
