// Closed-loop LSP load generator for bench/trials/transport.ts, in its own process so it never shares the
// server's event loop. C clients connect over TCP, send a setup script (initialize, initialized, didOpen …),
// then each keeps exactly one request in flight: send, wait for the response with that id, record the
// latency, send the next. Prints one JSON line: total (all answered), requests (in the measured window),
// seconds, rps, p50_us, p99_us, errors.
//
//   simple_loadgen PORT CLIENTS WARMUP_MS DURATION_MS SCRIPT
// SCRIPT: records "S <n>\n<n bytes>" (a setup message; if it carries "id" its response is awaited) and
// "R <n>\n<n bytes>" (request templates, cycled; the text @ID@ is replaced by the request id).
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

uint64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

struct Client {
  int fd = -1;
  bool connected = false;
  bool setup_done = false;
  bool dead = false;
  int setup_waiting = 0;
  std::string in;
  std::string out;
  size_t out_off = 0;
  long long expect_id = -1;
  uint64_t sent_at = 0;
  size_t next_template = 0;
};

std::vector<std::string> setup, templates;
int setup_requests = 0;
std::vector<Client> clients;
int ep = -1;
long long next_id = 1000;
std::vector<uint32_t> samples;  // microseconds, measured window only
uint64_t measure_from = 0, measure_until = 0;
long long completed = 0, errors = 0, total = 0;  // total: every answered request, warm-up included
std::string first_error;

void Frame(std::string* out, const std::string& body) {
  char h[64];
  int n = snprintf(h, sizeof h, "Content-Length: %zu\r\n\r\n", body.size());
  out->append(h, n);
  out->append(body);
}

void Fail(Client& c, const std::string& why) {
  if (c.dead) return;
  c.dead = true;
  errors++;
  if (first_error.empty()) first_error = why;
  epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
  close(c.fd);
}

void Flush(Client& c) {
  while (c.out_off < c.out.size()) {
    ssize_t n = send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_off += n;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    return Fail(c, std::string("send: ") + strerror(errno));
  }
  c.out.clear();
  c.out_off = 0;
}

void SendNext(Client& c) {
  std::string body = templates[c.next_template++ % templates.size()];
  long long id = next_id++;
  std::string ids = std::to_string(id);
  size_t at = body.find("@ID@");
  if (at != std::string::npos) body.replace(at, 4, ids);
  c.expect_id = id;
  c.sent_at = NowNs();
  Frame(&c.out, body);
  Flush(c);
}

/** A response is {"jsonrpc":"2.0","id":N,"result"|"error"...}; anything else (notifications) is skipped. */
bool ParseResponse(const std::string& body, long long* id, bool* is_error) {
  static const char kPrefix[] = "{\"jsonrpc\":\"2.0\",\"id\":";
  if (body.compare(0, sizeof kPrefix - 1, kPrefix) != 0) return false;
  const char* p = body.c_str() + sizeof kPrefix - 1;
  char* end = nullptr;
  long long v = strtoll(p, &end, 10);
  if (end == p) {
    if (*p == '"') {  // a string id: setup requests use "s<n>"
      *id = -2;
      *is_error = strstr(end == nullptr ? p : p, ",\"error\"") != nullptr;
      return strstr(p, ",\"result\"") != nullptr || *is_error;
    }
    return false;
  }
  if (strncmp(end, ",\"result\"", 9) == 0) *is_error = false;
  else if (strncmp(end, ",\"error\"", 8) == 0) *is_error = true;
  else return false;  // a request from the server (has "method")
  *id = v;
  return true;
}

void OnMessage(Client& c, const std::string& body) {
  long long id;
  bool is_error = false;
  if (!ParseResponse(body, &id, &is_error)) return;
  if (!c.setup_done) {
    if (is_error) return Fail(c, "setup request failed: " + body.substr(0, 200));
    if (--c.setup_waiting <= 0) {
      c.setup_done = true;
      SendNext(c);
    }
    return;
  }
  if (id != c.expect_id) return;
  total++;
  uint64_t now = NowNs();
  if (is_error) {
    errors++;
    if (first_error.empty()) first_error = body.substr(0, 200);
  } else if (c.sent_at >= measure_from && now <= measure_until) {
    completed++;
    samples.push_back(static_cast<uint32_t>((now - c.sent_at) / 1000));
  }
  if (now < measure_until) SendNext(c);
}

void OnReadable(Client& c) {
  char buf[65536];
  for (;;) {
    ssize_t n = recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) {
      c.in.append(buf, n);
      continue;
    }
    if (n == 0) return Fail(c, "server closed the connection");
    if (errno == EAGAIN || errno == EINTR) break;
    return Fail(c, std::string("recv: ") + strerror(errno));
  }
  size_t pos = 0;
  for (;;) {
    size_t end = c.in.find("\r\n\r\n", pos);
    if (end == std::string::npos) break;
    const char* cl = strcasestr(c.in.c_str() + pos, "content-length:");
    if (cl == nullptr || cl > c.in.c_str() + end) return Fail(c, "response without Content-Length");
    size_t len = strtoull(cl + 15, nullptr, 10);
    if (c.in.size() < end + 4 + len) break;
    std::string body = c.in.substr(end + 4, len);
    pos = end + 4 + len;
    OnMessage(c, body);
    if (c.dead) return;
  }
  c.in.erase(0, pos);
}

bool ReadScript(const char* path) {
  FILE* f = fopen(path, "rb");
  if (f == nullptr) return false;
  char kind;
  size_t n;
  while (fscanf(f, " %c %zu", &kind, &n) == 2) {
    fgetc(f);  // the newline
    std::string body(n, '\0');
    if (fread(&body[0], 1, n, f) != n) return false;
    if (kind == 'S') {
      if (body.find("\"id\"") != std::string::npos) setup_requests++;
      setup.push_back(body);
    } else {
      templates.push_back(body);
    }
  }
  fclose(f);
  return !templates.empty();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s PORT CLIENTS WARMUP_MS DURATION_MS SCRIPT\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]), nclients = atoi(argv[2]);
  uint64_t warmup = strtoull(argv[3], nullptr, 10) * 1000000ull, duration = strtoull(argv[4], nullptr, 10) * 1000000ull;
  if (!ReadScript(argv[5])) {
    fprintf(stderr, "cannot read script %s\n", argv[5]);
    return 2;
  }
  rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  ep = epoll_create1(EPOLL_CLOEXEC);
  clients.resize(nclients);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  uint64_t start = NowNs();
  for (int i = 0; i < nclients; i++) {
    Client& c = clients[i];
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
      Fail(c, std::string("connect: ") + strerror(errno));
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    ev.data.u32 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    for (const std::string& s : setup) Frame(&c.out, s);
    c.setup_waiting = setup_requests;
  }
  measure_from = NowNs() + warmup;
  measure_until = measure_from + duration;
  // Connecting and setup of many clients can take a while: the window starts once all are set up.
  bool window_set = false;
  epoll_event evs[512];
  for (;;) {
    uint64_t now = NowNs();
    if (!window_set) {
      bool all = true;
      for (Client& c : clients) all = all && (c.dead || c.setup_done);
      if (all) {
        window_set = true;
        measure_from = now + warmup;
        measure_until = measure_from + duration;
        for (Client& c : clients)
          if (!c.dead && setup_requests == 0 && c.expect_id < 0) SendNext(c);
      } else if (now - start > 120ull * 1000000000ull) {
        fprintf(stderr, "setup did not finish in 120 s\n");
        for (Client& c : clients)
          if (!c.dead && !c.setup_done) Fail(c, "setup timed out");
        continue;
      }
    }
    if (window_set && now > measure_until + 2000000000ull) break;  // stragglers get 2 s
    if (window_set && now > measure_until) {
      bool idle = true;
      for (Client& c : clients) idle = idle && (c.dead || c.sent_at < measure_until);
      if (idle) break;
    }
    int n = epoll_wait(ep, evs, 512, 50);
    for (int i = 0; i < n; i++) {
      Client& c = clients[evs[i].data.u32];
      if (c.dead) continue;
      if (evs[i].events & EPOLLOUT) {
        if (!c.connected) {
          int err = 0;
          socklen_t len = sizeof err;
          getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
          if (err != 0) {
            Fail(c, std::string("connect: ") + strerror(err));
            continue;
          }
          c.connected = true;
          if (setup_requests == 0) c.setup_done = true;
        }
        Flush(c);
        if (!c.dead && c.out.empty()) {
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLRDHUP;
          ev.data.u32 = evs[i].data.u32;
          epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
        }
      }
      if (!c.dead && (evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) OnReadable(c);
      if (!c.dead && !c.out.empty()) {
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
        ev.data.u32 = evs[i].data.u32;
        epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
      }
    }
  }
  std::sort(samples.begin(), samples.end());
  auto pct = [&](double p) -> double {
    if (samples.empty()) return 0;
    size_t i = std::min(samples.size() - 1, static_cast<size_t>(p * samples.size()));
    return samples[i];
  };
  double seconds = duration / 1e9;
  printf("{\"clients\":%d,\"total\":%lld,\"requests\":%lld,\"seconds\":%.3f,\"rps\":%.1f,\"p50_us\":%.0f,\"p99_us\":%.0f,\"errors\":%lld,\"firstError\":\"",
         nclients, total, completed, seconds, completed / seconds, pct(0.5), pct(0.99), errors);
  for (char ch : first_error) {
    if (ch == '"' || ch == '\\') putchar('\\');
    if (static_cast<unsigned char>(ch) >= 0x20) putchar(ch);
  }
  printf("\"}\n");
  for (Client& c : clients)
    if (!c.dead) close(c.fd);
  return 0;
}
