#include "stage.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>

#include "errors.h"
#include "guard.h"

#ifdef SIMPLE_HAVE_URING
#include <liburing.h>

#include <algorithm>
#include <thread>
#endif

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

namespace simple {

Region::~Region() {
  if (mapped && data != nullptr) munmap(const_cast<char*>(data), size);
}

namespace {

constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;  // O_NONBLOCK: FIFOs never block
constexpr unsigned kRingEntries = 256;

struct Work {
  int fd = -1;
  struct stat st;
  bool populate_missing = false;
};

void SetError(StageResult& r, const char* call, int err) {
  r.status = Status::kError;
  r.err = err;
  r.message = ErrnoMessage(call, err, r.path);
  r.region.reset();
}

void SetIdentity(StageResult& r, const struct stat& st) {
  r.identity.size = static_cast<uint64_t>(st.st_size);
  r.identity.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  r.identity.ino = st.st_ino;
  r.identity.dev = st.st_dev;
}

const char* KindName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

/** After stat: decide the fate of a file. Returns true when the file still needs bytes (read or map). */
bool Classify(StageResult& r, const struct stat& st, const StageOptions& o) {
  SetIdentity(r, st);
  if (!S_ISREG(st.st_mode)) {
    r.status = Status::kError;
    r.err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    r.message =
        "stage '" + r.path + "': " + KindName(st.st_mode) + ", not a regular file (" + ErrnoName(r.err) + ")";
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) > o.max_file_bytes) {
    r.status = Status::kError;
    r.err = EFBIG;
    r.message = "stage '" + r.path + "': " + std::to_string(st.st_size) + " bytes is over the limit of " +
                std::to_string(o.max_file_bytes) + " bytes (EFBIG)";
    return false;
  }
  if (st.st_size == 0) {
    r.status = Status::kCopied;
    r.region = std::make_shared<Region>();
    return false;
  }
  if (!o.bytes) {
    r.status = Status::kLazy;  // identity known, bytes read on first use
    return false;
  }
  return true;
}

bool IsCopy(const StageResult& r, const StageOptions& o) {
  return r.identity.size < o.copy_below;
}

/** Allocates the heap copy for a small file; the bytes are read by the caller. */
void PrepareCopy(StageResult& r) {
  auto region = std::make_shared<Region>();
  region->owned.reset(new char[r.identity.size]);
  region->data = region->owned.get();
  region->size = r.identity.size;
  r.region = std::move(region);
  r.status = Status::kCopied;
}

void ReadAll(StageResult& r, int fd) {
  Region& region = *r.region;
  size_t done = 0;
  while (done < region.size) {
    ssize_t n = pread(fd, region.owned.get() + done, region.size - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SetError(r, "read", errno);
    if (n == 0) break;  // shrank since stat: keep what is there
    done += static_cast<size_t>(n);
  }
  region.size = done;
}

void Map(StageResult& r, int fd) {
  void* p = mmap(nullptr, r.identity.size, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return SetError(r, "mmap", errno);
  auto region = std::make_shared<Region>();
  region->data = static_cast<const char*>(p);
  region->size = r.identity.size;
  region->mapped = true;
  r.region = std::move(region);
  r.status = Status::kMapped;
}

/** Touches one byte per page under the guard (kernels without MADV_POPULATE_READ). */
bool TouchPages(const Region& region) {
  volatile char sink = 0;
  long page = sysconf(_SC_PAGESIZE);
  return guard::Run(region.data, region.size, [&] {
    for (size_t off = 0; off < region.size; off += static_cast<size_t>(page)) sink = sink + region.data[off];
  });
}

std::atomic<int> g_populate_supported{1};

/** WILLNEED on every mapping of the batch (readahead starts for all), then POPULATE_READ on each. */
void Prefault(std::vector<StageResult>& files, std::vector<Work>& work) {
  for (auto& r : files)
    if (r.status == Status::kMapped)
      madvise(const_cast<char*>(r.region->data), r.region->size, MADV_WILLNEED);
  for (size_t i = 0; i < files.size(); i++) {
    StageResult& r = files[i];
    if (r.status != Status::kMapped) continue;
    Region& region = *r.region;
    bool ok = true;
    if (g_populate_supported.load(std::memory_order_relaxed)) {
      int rc;
      do rc = madvise(const_cast<char*>(region.data), region.size, MADV_POPULATE_READ);
      while (rc != 0 && (errno == EINTR || errno == EAGAIN));
      if (rc != 0 && errno == EINVAL) {
        g_populate_supported.store(0, std::memory_order_relaxed);
        ok = TouchPages(region);
      } else if (rc != 0) {
        ok = false;  // EFAULT: the file shrank under the mapping
      }
    } else {
      ok = TouchPages(region);
    }
    if (ok) continue;
    // The file changed while we prefaulted it: re-stat through the still-open descriptor and map again once.
    struct stat st;
    if (work[i].fd < 0 || fstat(work[i].fd, &st) != 0) {
      SetError(r, "fstat", errno == 0 ? ESTALE : errno);
      continue;
    }
    r.region.reset();
    if (!Classify(r, st, StageOptions())) continue;
    Map(r, work[i].fd);
  }
}

}  // namespace

#ifdef SIMPLE_HAVE_URING
class Ring {
 public:
  struct io_uring ring;
  ~Ring() { io_uring_queue_exit(&ring); }

  /** Runs n operations through the ring in chunks: prep(i, sqe) fills each SQE, done(i, res) gets each CQE.
   */
  template <class Prep, class Done>
  void Run(size_t n, Prep&& prep, Done&& done) {
    size_t next = 0;
    size_t inflight = 0;
    while (next < n || inflight > 0) {
      while (next < n && inflight < kRingEntries) {
        struct io_uring_sqe* sqe = io_uring_get_sqe(&ring);
        if (sqe == nullptr) break;  // full: submit what we have, reap, continue
        prep(next, sqe);
        io_uring_sqe_set_data64(sqe, next);
        next++;
        inflight++;
      }
      int rc = io_uring_submit_and_wait(&ring, 1);
      if (rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY) {
        // Cannot happen on a working ring; fail the remaining operations rather than spin.
        while (inflight > 0) {
          struct io_uring_cqe* cqe;
          if (io_uring_wait_cqe(&ring, &cqe) != 0) break;
          done(static_cast<size_t>(io_uring_cqe_get_data64(cqe)), cqe->res);
          io_uring_cqe_seen(&ring, cqe);
          inflight--;
        }
        for (; next < n; next++) done(next, rc);
        return;
      }
      struct io_uring_cqe* cqe;
      unsigned head;
      unsigned seen = 0;
      io_uring_for_each_cqe(&ring, head, cqe) {
        done(static_cast<size_t>(io_uring_cqe_get_data64(cqe)), cqe->res);
        seen++;
      }
      io_uring_cq_advance(&ring, seen);
      inflight -= seen;
    }
  }
};

const UringSupport& ProbeUring() {
  static UringSupport support = [] {
    UringSupport s;
    s.compiled = true;
    struct io_uring ring;
    int rc = io_uring_queue_init(8, &ring, 0);
    if (rc < 0) {
      s.reason = ErrnoMessage("io_uring_setup", -rc);
      return s;
    }
    struct io_uring_probe* probe = io_uring_get_probe_ring(&ring);
    if (probe == nullptr) {
      s.reason = "io_uring probe failed";
    } else {
      const int ops[] = {IORING_OP_OPENAT, IORING_OP_STATX, IORING_OP_READ};
      const char* names[] = {"OPENAT", "STATX", "READ"};
      s.usable = true;
      for (int i = 0; i < 3; i++) {
        if (!io_uring_opcode_supported(probe, ops[i])) {
          s.usable = false;
          s.reason = std::string("io_uring lacks IORING_OP_") + names[i];
        }
      }
      if (s.usable) s.reason = "io_uring with OPENAT, STATX and READ";
      io_uring_free_probe(probe);
    }
    io_uring_queue_exit(&ring);
    return s;
  }();
  return support;
}
#else
class Ring {};

const UringSupport& ProbeUring() {
  static UringSupport support = [] {
    UringSupport s;
    s.reason = "built without liburing (pkg-config did not find it)";
    return s;
  }();
  return support;
}
#endif

Stager::Stager(bool use_uring) {
  const UringSupport& support = ProbeUring();
  if (!use_uring) {
    reason_ = "io_uring switched off by option";
    return;
  }
  if (!support.usable) {
    reason_ = support.reason;
    return;
  }
#ifdef SIMPLE_HAVE_URING
  auto ring = std::make_unique<Ring>();
  int rc = io_uring_queue_init(kRingEntries, &ring->ring, 0);
  if (rc < 0) {
    reason_ = ErrnoMessage("io_uring_setup", -rc);
    return;
  }
  // Blocking openat/statx/read are punted to io-wq workers; unlimited, they can crowd out the JS thread on a
  // small machine. Cap them at 4 per core (best effort: kernel 5.15+). Measured on 2 cores, 20,000 cold
  // files: a cap of 2 staged in ~0.75 s, 8 in ~0.6 s, 32 or unlimited no faster than 8.
  unsigned workers_per_kind = 4 * std::max(1u, std::thread::hardware_concurrency());
  unsigned workers[2] = {workers_per_kind, workers_per_kind};
  io_uring_register_iowq_max_workers(&ring->ring, workers);
  ring_ = std::move(ring);
  reason_ = support.reason;
#endif
}

Stager::~Stager() = default;

void Stager::StageBatch(std::vector<StageResult>& files, const StageOptions& options) {
  std::lock_guard<std::mutex> lock(mutex_);
  const size_t n = files.size();
  std::vector<Work> work(n);
  std::vector<size_t> reads;  // small files to copy

#ifdef SIMPLE_HAVE_URING
  if (ring_ != nullptr && options.use_uring) {
    // Phase 1: openat for every path.
    ring_->Run(
        n,
        [&](size_t i, io_uring_sqe* sqe) {
          io_uring_prep_openat(sqe, AT_FDCWD, files[i].path.c_str(), kOpenFlags, 0);
        },
        [&](size_t i, int res) {
          if (res < 0)
            SetError(files[i], "open", -res);
          else
            work[i].fd = res;
        });
    // Phase 2: statx on every open descriptor (AT_EMPTY_PATH).
    std::vector<size_t> open;
    for (size_t i = 0; i < n; i++)
      if (work[i].fd >= 0) open.push_back(i);
    std::vector<struct statx> stx(open.size());
    ring_->Run(
        open.size(),
        [&](size_t k, io_uring_sqe* sqe) {
          io_uring_prep_statx(sqe, work[open[k]].fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx[k]);
        },
        [&](size_t k, int res) {
          size_t i = open[k];
          if (res < 0) return SetError(files[i], "statx", -res);
          struct stat& st = work[i].st;
          memset(&st, 0, sizeof st);
          st.st_mode = stx[k].stx_mode;
          st.st_size = static_cast<off_t>(stx[k].stx_size);
          st.st_ino = stx[k].stx_ino;
          st.st_dev = makedev(stx[k].stx_dev_major, stx[k].stx_dev_minor);
          st.st_mtim.tv_sec = stx[k].stx_mtime.tv_sec;
          st.st_mtim.tv_nsec = stx[k].stx_mtime.tv_nsec;
          if (Classify(files[i], st, options)) {
            if (IsCopy(files[i], options)) {
              PrepareCopy(files[i]);
              reads.push_back(i);
            } else {
              Map(files[i], work[i].fd);
            }
          }
        });
    // Phase 3: read the small files (one read each; a short read means the file shrank since statx).
    ring_->Run(
        reads.size(),
        [&](size_t k, io_uring_sqe* sqe) {
          StageResult& r = files[reads[k]];
          io_uring_prep_read(sqe, work[reads[k]].fd, r.region->owned.get(),
                             static_cast<unsigned>(r.region->size), 0);
        },
        [&](size_t k, int res) {
          StageResult& r = files[reads[k]];
          if (res < 0) return SetError(r, "read", -res);
          r.region->size = static_cast<size_t>(res);
        });
  } else
#endif
  {
    for (size_t i = 0; i < n; i++) {
      StageResult& r = files[i];
      int fd;
      do fd = open(r.path.c_str(), kOpenFlags);
      while (fd < 0 && errno == EINTR);
      if (fd < 0) {
        SetError(r, "open", errno);
        continue;
      }
      work[i].fd = fd;
      if (fstat(fd, &work[i].st) != 0) {
        SetError(r, "fstat", errno);
        continue;
      }
      if (!Classify(r, work[i].st, options)) continue;
      if (IsCopy(r, options)) {
        PrepareCopy(r);
        ReadAll(r, fd);
      } else {
        Map(r, fd);
      }
    }
  }
  if (options.populate) Prefault(files, work);
  for (auto& w : work)
    if (w.fd >= 0) close(w.fd);
}

StageResult StageOne(const std::string& path, const StageOptions& options) {
  std::vector<StageResult> one(1);
  one[0].path = path;
  std::vector<Work> work(1);
  StageResult& r = one[0];
  int fd;
  do fd = open(path.c_str(), kOpenFlags);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    SetError(r, "open", errno);
    return r;
  }
  if (fstat(fd, &work[0].st) != 0) {
    SetError(r, "fstat", errno);
  } else if (Classify(r, work[0].st, options)) {
    if (IsCopy(r, options)) {
      PrepareCopy(r);
      ReadAll(r, fd);
    } else {
      Map(r, fd);
    }
  }
  work[0].fd = fd;
  if (options.populate) Prefault(one, work);
  close(fd);
  return std::move(one[0]);
}

}  // namespace simple
