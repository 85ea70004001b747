// findWord: occurrences of an ASCII identifier at identifier boundaries ([A-Za-z0-9_] on neither side) in
// the staged bytes, scanned by native threads. No N-API in here: the store's AsyncWorker calls Scan.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "stage.h"

namespace simple {

struct ScanInput {
  uint32_t id = 0;
  std::shared_ptr<Region> region;  // null: evicted by the LRU; Scan maps the file itself and checks identity
  std::string path;
  Identity identity;
  bool known = true;  // false: reserved, never stat'ed — whatever the file holds now is scanned
};

struct ScanOutput {
  std::vector<uint32_t> ids;
  std::vector<uint64_t> offsets;
  uint64_t bytes = 0;
  /** Files skipped because they changed (identity differs, or a SIGBUS hit the scan). */
  std::vector<uint32_t> changed;
  bool cancelled = false;
  bool truncated = false;  // stopped at the limit
};

/** Scans every input with up to `threads` threads; results sorted by (id, offset). */
ScanOutput Scan(const std::vector<ScanInput>& inputs, const std::string& word, size_t limit,
                const std::atomic<bool>& cancel, unsigned threads);

}  // namespace simple
