// The native TCP/Unix-socket transport: a connection table, framing, bounded output queues and one batch of
// events per loop turn, shared by two backends (io_uring in transport_uring.cc, epoll in transport_epoll.cc).
// Everything here runs on the JS thread; no N-API (the JS class is in transport_js.cc).
//
// Connections are named by ids made of (slot, generation), never by file descriptors: a closed slot's next
// tenant has a new generation, so a late send or close for the old id is a no-op.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <memory>
#include <string>
#include <vector>

#include "framing.h"

namespace simple {

struct TransportOptions {
  size_t max_connections = 1024;         // slots; accepts beyond this are closed at once
  size_t max_message_bytes = 16u << 20;  // a larger Content-Length closes the connection
  size_t max_output_bytes = 64u << 20;   // queued output beyond this closes the connection
  size_t max_input_bytes = 256u << 20;   // partial input all connections hold together (see Received)
};

/** A connection may always hold this much partial input, however crowded the server is. */
constexpr size_t kMinInputShare = 1u << 20;

enum class EventKind : int {
  kOpen = 0,
  kMessage = 1,
  kProblem = 2,
  kClosed = 3,
  kBackendError = 4,
  kFatal = 5
};

struct Event {
  EventKind kind;
  double id;         // connection id (0 for backend errors)
  std::string text;  // peer, body, problem, close reason or error
};

constexpr uint32_t kSlotBits = 22;
constexpr uint32_t kMaxSlots = 1u << kSlotBits;

struct Conn {
  int fd = -1;
  uint32_t gen = 1;
  bool live = false;
  bool closing = false;  // close begun: no more reads or sends; waiting for ops in flight
  bool close_after_flush = false;
  bool peer_closed = false;
  bool stop_reading = false;   // a fatal framing error: read nothing more, let the reply go out
  bool held = false;           // JS stopped reading (back-pressure: input not served yet)
  bool throttled = false;      // partial input over its share of max_input_bytes while the total is over
  bool out_throttled = false;  // output queued over a quarter of max_output_bytes
  std::string close_reason;
  std::unique_ptr<Framer> framer;
  std::string peer;
  std::string out;  // bytes being sent (one send in flight at most)
  size_t out_off = 0;
  std::string pending;  // bytes queued behind it, coalesced into the next send
  bool dirty = false;   // in Core::dirty_
  // Backend bookkeeping.
  int ops = 0;  // io_uring operations whose completion is not reaped yet
  bool recv_armed = false;
  bool send_armed = false;
  bool want_write = false;  // epoll: EPOLLOUT registered
  std::unique_ptr<char[]> rbuf;
};

struct TransportStats {
  double accepted = 0, refused = 0, closed = 0, messages_in = 0, messages_out = 0, bytes_in = 0,
         bytes_out = 0, batches = 0, submits = 0;
};

class Core {
 public:
  explicit Core(const TransportOptions& o) : opts_(o) {}
  virtual ~Core() = default;

  /** Sets the backend up; returns 0 or -errno with `what` naming the failing call. */
  virtual int Init(std::string* what) = 0;
  /** The descriptor libuv should watch (readable: call OnReadable). */
  virtual int PollFd() const = 0;
  /** Which backend and how it was set up, for the log. */
  virtual std::string Describe() const = 0;
  /** Reaps what is ready (completions or readiness), filling events_. */
  virtual void OnReadable() = 0;
  /** Starts accepting on a listening socket (owned by the core from now on). */
  virtual int AddListener(int fd, std::string* what) = 0;
  /** Pushes queued output (and, for io_uring, submits once). */
  virtual void Flush() = 0;
  /** Closes everything now (listeners and connections), without events. */
  virtual void Shutdown() = 0;
  /** Tests: make the next submit fail as a broken ring would. */
  virtual void InjectFault() {}

  /** Queues an LSP frame (header + body). Returns false when the id is not a live connection. */
  bool Send(double id, const char* body, size_t n);
  /** Starts closing; `after_flush` waits until queued output has been written. */
  bool Close(double id, const std::string& reason, bool after_flush);
  /** Back-pressure from JS: stop (false) or resume (true) reading the connection. */
  bool SetReading(double id, bool reading);
  /** Partial input held and output not yet written, in bytes; false when the id is not live. */
  bool Backlog(double id, size_t* input, size_t* output);
  std::vector<Event>& events() { return events_; }
  const TransportStats& stats() const { return stats_; }
  TransportStats& mutable_stats() { return stats_; }
  size_t live() const { return live_; }
  bool has_dirty() const { return !dirty_.empty(); }

 protected:
  /** Takes a freshly accepted socket; returns its slot or -1 (table full: the socket is closed). */
  int Adopt(int fd, const std::string& peer);
  /** Feeds received bytes to the connection's framer and queues the resulting events. */
  void Received(uint32_t slot, const char* data, size_t n);
  /** The peer closed or the socket failed. */
  void Lost(uint32_t slot, const std::string& why);
  /** Backend hook: stop reading/sending on the slot and release it when nothing is in flight. */
  virtual void BeginClose(uint32_t slot) = 0;
  /** Backend hook: Reading(slot) may have become true; read again if it did. */
  virtual void ReadingResumed(uint32_t slot) = 0;
  /** Should the backend read from the slot now? */
  bool Reading(uint32_t slot) const {
    const Conn& c = conns_[slot];
    return c.live && !c.closing && !c.stop_reading && !c.held && !c.throttled && !c.out_throttled;
  }
  /** Backends call this after writing some of a slot's output: reading resumes once most of it is out. */
  void Wrote(uint32_t slot);
  /** Releases the slot (fd closed by the caller), emits the closed event. */
  void Release(uint32_t slot);
  void MarkDirty(uint32_t slot);
  Conn* Find(double id, uint32_t* slot);
  double IdOf(uint32_t slot) const { return static_cast<double>(conns_[slot].gen) * kMaxSlots + slot; }
  void StartClose(uint32_t slot, const std::string& reason);
  bool OverInputShare(const Conn& c) const;
  /** Partial input went down: throttled connections under their share read again. */
  void Unthrottle();
  size_t Queued(const Conn& c) const { return c.out.size() - c.out_off + c.pending.size(); }

  TransportOptions opts_;
  std::vector<Conn> conns_;
  std::vector<uint32_t> free_;
  std::vector<uint32_t> dirty_;
  std::vector<Event> events_;
  TransportStats stats_;
  size_t live_ = 0;
  size_t input_total_ = 0;  // partial input held by all framers
  std::vector<uint32_t> throttled_;
  // Scratch for Received.
  std::vector<std::string> bodies_, problems_;
};

std::unique_ptr<Core> MakeEpollCore(const TransportOptions& o);
#ifdef SIMPLE_HAVE_URING
std::unique_ptr<Core> MakeUringCore(const TransportOptions& o);
/** Can this process run the io_uring transport? Setup, opcodes and a loopback round trip. */
bool ProbeUringTransport(std::string* reason, std::string* flags);
#endif

/** A listening socket: TCP on host:port (IPv4 or IPv6 literal, or a name), or a Unix socket (mode 0600). */
int ListenTcp(const std::string& host, int port, int backlog, int* bound_port, std::string* what);
int ListenUnix(const std::string& path, int backlog, std::string* what);
std::string PeerName(int fd);

}  // namespace simple
