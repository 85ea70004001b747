#include "find_word.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <mutex>
#include <thread>

#include "guard.h"

namespace simple {
namespace {

inline bool IsIdent(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/** Appends the offset of a hit at `at` when it sits at identifier boundaries. */
inline void Check(const char* data, size_t size, size_t at, size_t m, std::vector<uint64_t>& out) {
  bool before = at > 0 && IsIdent(static_cast<unsigned char>(data[at - 1]));
  bool after = at + m < size && IsIdent(static_cast<unsigned char>(data[at + m]));
  if (!before && !after) out.push_back(at);
}

/**
 * Appends the offsets of `word` in [data, data + size) at identifier boundaries. Runs under the guard.
 * SSE2: compare 16 positions at once against the word's first and last bytes (Muła's "generic SIMD"
 * substring search), confirm candidates with memcmp. glibc's memmem ran at ~1 GB/s per thread here.
 */
void ScanBytes(const char* data, size_t size, const std::string& word, std::vector<uint64_t>& out) {
  const size_t m = word.size();
  if (m == 0 || size < m) return;
  size_t i = 0;
#ifdef __SSE2__
  const __m128i first = _mm_set1_epi8(word[0]);
  const __m128i last = _mm_set1_epi8(word[m - 1]);
  for (; i + m - 1 + 16 <= size; i += 16) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + m - 1));
    unsigned mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
    while (mask != 0) {
      unsigned bit = static_cast<unsigned>(__builtin_ctz(mask));
      size_t at = i + bit;
      if (memcmp(data + at + 1, word.data() + 1, m > 2 ? m - 2 : 0) == 0) Check(data, size, at, m, out);
      mask &= mask - 1;
    }
  }
#endif
  const char* p = data + i;
  const char* end = data + size;
  while (static_cast<size_t>(end - p) >= m) {
    const char* hit = static_cast<const char*>(memmem(p, static_cast<size_t>(end - p), word.data(), m));
    if (hit == nullptr) break;
    Check(data, size, static_cast<size_t>(hit - data), m, out);
    p = hit + 1;
  }
}

}  // namespace

ScanOutput Scan(const std::vector<ScanInput>& inputs, const std::string& word, size_t limit,
                const std::atomic<bool>& cancel, unsigned threads) {
  ScanOutput out;
  std::mutex mutex;
  std::atomic<size_t> next{0};
  std::atomic<size_t> found{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<bool> stop{false};
  struct Hit {
    uint32_t id;
    uint64_t offset;
  };
  std::vector<Hit> hits;
  // Files without live bytes (evicted mappings, lazy files) are read by the scanning thread and dropped
  // after the scan: small ones into a heap copy, larger ones mapped, none prefaulted.
  StageOptions lazy;
  lazy.populate = false;

  auto run = [&] {
    std::vector<Hit> local;
    std::vector<uint32_t> changed;
    std::vector<uint64_t> offsets;
    for (;;) {
      if (cancel.load(std::memory_order_relaxed) || stop.load(std::memory_order_relaxed)) break;
      size_t i = next.fetch_add(1);
      if (i >= inputs.size()) break;
      const ScanInput& in = inputs[i];
      std::shared_ptr<Region> region = in.region;
      if (region == nullptr) {
        StageResult r = StageOne(in.path, lazy);
        if (r.status == Status::kError || (in.known && r.identity != in.identity)) {
          changed.push_back(in.id);
          continue;
        }
        region = r.region;
      }
      offsets.clear();
      bool ok = guard::Run(region->data, region->size,
                           [&] { ScanBytes(region->data, region->size, word, offsets); });
      if (!ok) {
        changed.push_back(in.id);
        continue;
      }
      bytes.fetch_add(region->size, std::memory_order_relaxed);
      for (uint64_t off : offsets) local.push_back({in.id, off});
      if (found.fetch_add(offsets.size()) + offsets.size() >= limit) stop.store(true);
    }
    std::lock_guard<std::mutex> lock(mutex);
    hits.insert(hits.end(), local.begin(), local.end());
    out.changed.insert(out.changed.end(), changed.begin(), changed.end());
  };

  unsigned n = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(inputs.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; t++) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();

  out.cancelled = cancel.load();
  std::sort(hits.begin(), hits.end(),
            [](const Hit& a, const Hit& b) { return a.id != b.id ? a.id < b.id : a.offset < b.offset; });
  if (hits.size() > limit) {
    hits.resize(limit);
    out.truncated = true;
  } else if (stop.load()) {
    out.truncated = hits.size() >= limit;
  }
  out.ids.reserve(hits.size());
  out.offsets.reserve(hits.size());
  for (const Hit& h : hits) {
    out.ids.push_back(h.id);
    out.offsets.push_back(h.offset);
  }
  std::sort(out.changed.begin(), out.changed.end());
  out.bytes = bytes.load();
  return out;
}

}  // namespace simple
