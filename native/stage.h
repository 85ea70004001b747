// Staging: open, stat, map (or copy) and prefault files, off the JS thread. No N-API in here.
//
// A batch goes through the phases open → stat → classify → read small files / mmap the rest →
// MADV_WILLNEED on every mapping of the batch → MADV_POPULATE_READ on each (touching one byte per page
// under the SIGBUS guard where the kernel lacks it). With liburing (SIMPLE_HAVE_URING) the open, stat and
// read phases are submitted to one io_uring as batches; otherwise they are plain syscalls.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace simple {

/** File bytes that JS never sees directly: a read-only mapping, or a heap copy for small files. */
struct Region {
  const char* data = nullptr;
  size_t size = 0;
  bool mapped = false;
  std::unique_ptr<char[]> owned;
  Region() = default;
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;
  ~Region();
};

struct Identity {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t ino = 0;
  uint64_t dev = 0;
  bool operator==(const Identity& o) const {
    return size == o.size && mtime_ns == o.mtime_ns && ino == o.ino && dev == o.dev;
  }
  bool operator!=(const Identity& o) const { return !(*this == o); }
};

/**
 * kLazy: a regular file whose bytes are not held — staged without them (StageOptions::bytes false) or only
 * reserved (Store::Reserve, identity not known yet). The store reads or maps it on first use.
 */
enum class Status { kMapped, kCopied, kError, kLazy };

struct StageResult {
  std::string path;
  Status status = Status::kError;
  int err = 0;          // errno of the failing call (0 when status != kError)
  std::string message;  // "open 'p': No such file or directory (ENOENT)"; empty unless kError
  Identity identity;
  std::shared_ptr<Region> region;  // null for errors
};

struct StageOptions {
  /** Files smaller than this are read into a heap copy instead of being mapped (see docs/store.md). */
  size_t copy_below = 16 * 1024;
  /** Larger files are refused with EFBIG (policy: see docs/store.md). */
  size_t max_file_bytes = 64u * 1024 * 1024;
  /** Prefault mappings (WILLNEED + POPULATE_READ). Lazy remaps on the JS thread skip it. */
  bool populate = true;
  /** Use io_uring when available (tests and benchmarks switch it off to compare). */
  bool use_uring = true;
  /** Read or map the bytes; false: open and stat only, regular files become kLazy (read on first use). */
  bool bytes = true;
};

/** Process-wide io_uring facts, probed once. */
struct UringSupport {
  bool compiled = false;
  bool usable = false;
  std::string reason;  // why not usable, or what was found
};
const UringSupport& ProbeUring();

class Ring;

/** Stages batches; owns one io_uring (if usable). One batch at a time (a mutex serialises callers). */
class Stager {
 public:
  explicit Stager(bool use_uring);
  ~Stager();
  Stager(const Stager&) = delete;
  Stager& operator=(const Stager&) = delete;

  bool uring() const { return ring_ != nullptr; }
  const std::string& reason() const { return reason_; }

  /** Fills in every element of files (path set by the caller). Never throws for a file's failure. */
  void StageBatch(std::vector<StageResult>& files, const StageOptions& options);

 private:
  std::mutex mutex_;
  std::unique_ptr<Ring> ring_;
  std::string reason_;
};

/** One file with plain syscalls on the calling thread (lazy remap after LRU eviction, fault recovery). */
StageResult StageOne(const std::string& path, const StageOptions& options);

}  // namespace simple
