// The Store: a table of staged files (id → path, identity, bytes) owned by the JS thread, with an LRU cap
// on live mappings. Staging and findWord run in AsyncWorkers; lookups copy bytes out under the SIGBUS guard
// and return strings. Mapped memory never reaches JS.
#pragma once

#include <napi.h>

#include <atomic>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "stage.h"

namespace simple {

struct Entry {
  std::string path;
  Status status = Status::kError;
  int err = 0;
  std::string message;
  Identity identity;
  bool known = true;  // identity stat'ed; false for a reserved entry never staged (Reserve)
  // null for errors, lazy files, and mapped files the LRU evicted (read or mapped again on use)
  std::shared_ptr<Region> region;
  bool in_lru = false;
  std::list<uint32_t>::iterator lru;
};

/**
 * What a lookup needs, 16 bytes per file in a vector parallel to the entries: random lookups over a large
 * workspace were bound by cache misses on the entry, the Region object and the bytes; this removes two.
 */
struct Hot {
  const char* data = nullptr;  // null: no live bytes (error, evicted, or empty) — take the slow path
  uint32_t size = 0;
  bool referenced = false;  // used since it was last put at the front of lru_ (second chance)
};

struct StoreOptions {
  StageOptions stage;
  size_t map_cap = 30000;
  uint64_t max_mapped_bytes = UINT64_MAX;
  unsigned scan_threads = 2;
};

class Store : public Napi::ObjectWrap<Store> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Store(const Napi::CallbackInfo& info);
  ~Store() override;

  /** Drops every entry and mapping; cancels scans. Idempotent; also run by the env cleanup hook. */
  void CloseNow();

  // Used by the workers' OnOK (JS thread).
  bool closed() const { return closed_; }
  Napi::Object Install(Napi::Env env, StageResult&& r);
  void FinishFind(uint32_t job) { jobs_.erase(job); }

 private:
  Napi::Value StageBatch(const Napi::CallbackInfo& info);
  /** Ids for paths without touching the disk: new paths get lazy entries, read on first use. */
  Napi::Value Reserve(const Napi::CallbackInfo& info);
  Napi::Value Text(const Napi::CallbackInfo& info);
  Napi::Value Lines(const Napi::CallbackInfo& info);
  Napi::Value SlicesJoined(const Napi::CallbackInfo& info);
  Napi::Value FindWord(const Napi::CallbackInfo& info);
  Napi::Value CancelFind(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  void CheckOpen(Napi::Env env, const char* call);
  Entry& Lookup(Napi::Env env, const char* call, uint32_t id);
  /** The entry's bytes, remapping an evicted file; throws FileChangedError when its identity changed. */
  const Region& Bytes(Napi::Env env, const char* call, uint32_t id);
  /** Copies [start, end) of the entry into scratch_ under the guard; on a fault re-stats and throws. */
  void CopyOut(Napi::Env env, const char* call, uint32_t id, uint64_t start, uint64_t end);
  /** Re-stats and remaps an entry whose file changed, then throws FileChangedError. */
  [[noreturn]] void Changed(Napi::Env env, const char* call, uint32_t id, const char* why);
  void Replace(Entry& e, StageResult&& r);
  void Touch(uint32_t id);
  void Unlink(Entry& e);
  void EnforceCaps(uint32_t keep);

  StoreOptions options_;
  std::shared_ptr<Stager> stager_;
  std::vector<Entry> entries_;
  std::vector<Hot> hot_;  // parallel to entries_
  std::unordered_map<std::string, uint32_t> by_path_;
  // Mapped entries with a live region, in (approximate) recency order. A lookup only sets `referenced`
  // (no list surgery on the hot path); eviction gives referenced entries a second chance (CLOCK).
  std::list<uint32_t> lru_;
  size_t maps_ = 0;
  uint64_t mapped_bytes_ = 0;
  size_t copied_ = 0;
  uint64_t copied_bytes_ = 0;
  uint64_t faults_ = 0;
  uint64_t evictions_ = 0;
  uint64_t remaps_ = 0;
  uint64_t lazy_loads_ = 0;  // lazy entries read or mapped on first use
  std::vector<char> scratch_;
  std::string joined_;   // well-formed UTF-8 of text()/slicesJoined(), reused
  std::u16string wide_;  // its UTF-16, reused
  std::unordered_map<uint32_t, std::shared_ptr<std::atomic<bool>>> jobs_;
  uint32_t next_job_ = 1;
  bool closed_ = false;
};

}  // namespace simple
