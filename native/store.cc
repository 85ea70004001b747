#include "store.h"

#include <string.h>

#include <algorithm>
#include <thread>

#include "addon.h"
#include "errors.h"
#include "find_word.h"
#include "guard.h"

namespace simple {
namespace {

const char* StatusName(Status s) {
  switch (s) {
    case Status::kMapped:
      return "mapped";
    case Status::kCopied:
      return "copied";
    case Status::kLazy:
      return "lazy";
    case Status::kError:
      break;
  }
  return "error";
}

bool IsAscii(const char* p, size_t n) {
  size_t i = 0;
  for (uint64_t w; i + 8 <= n; i += 8) {
    memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < n; i++)
    if (static_cast<unsigned char>(p[i]) >= 0x80) return false;
  return true;
}

size_t AppendWellFormed(std::string& out, const unsigned char* p, size_t n);

/**
 * Decodes well-formed UTF-8 (AppendWellFormed's output) to UTF-16. V8's own UTF-8 decoder took ~600 ns per
 * 200 bytes once a chunk held any non-ASCII byte (the generated workspaces' unicode made random lookups
 * decoder-bound); this runs ASCII eight bytes at a time and needs no validation.
 */
void WellFormedToUtf16(const std::string& in, std::u16string& out) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  out.resize(n);  // never more UTF-16 units than bytes
  char16_t* o = &out[0];
  size_t i = 0;
  while (i < n) {
    for (uint64_t w; i + 8 <= n; i += 8) {
      memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      for (int k = 0; k < 8; k++) *o++ = p[i + k];
    }
    if (i >= n) break;
    unsigned char b = p[i];
    if (b < 0x80) {
      *o++ = b;
      i++;
    } else if (b < 0xE0) {
      *o++ = static_cast<char16_t>(((b & 0x1F) << 6) | (p[i + 1] & 0x3F));
      i += 2;
    } else if (b < 0xF0) {
      *o++ = static_cast<char16_t>(((b & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F));
      i += 3;
    } else {
      uint32_t cp =
          ((b & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
      cp -= 0x10000;
      *o++ = static_cast<char16_t>(0xD800 + (cp >> 10));
      *o++ = static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
      i += 4;
    }
  }
  out.resize(static_cast<size_t>(o - out.data()));
}

/** A JS string from well-formed UTF-8: latin1 when all ASCII, else UTF-16 decoded here. */
Napi::Value WellFormedString(Napi::Env env, const std::string& s, bool ascii, std::u16string& wide) {
  napi_value v;
  napi_status status;
  if (ascii) {
    status = napi_create_string_latin1(env, s.data(), s.size(), &v);
  } else {
    WellFormedToUtf16(s, wide);
    status = napi_create_string_utf16(env, wide.data(), wide.size(), &v);
  }
  NAPI_THROW_IF_FAILED(env, status, Napi::Value());
  return Napi::Value(env, v);
}

double MtimeMs(const Identity& id) {
  return static_cast<double>(id.mtime_ns) / 1e6;
}

uint64_t OptionalNumber(Napi::Object o, const char* key, uint64_t fallback) {
  Napi::Value v = o.Get(key);
  if (!v.IsNumber()) return fallback;
  double d = v.As<Napi::Number>().DoubleValue();
  return d < 0 ? fallback : static_cast<uint64_t>(d);
}

/** Stages one batch of paths off the JS thread; installs the results into the store on the JS thread. */
class StageWorker : public Napi::AsyncWorker {
 public:
  StageWorker(Napi::Env env, Napi::Object self, Store* store, std::shared_ptr<Stager> stager,
              std::vector<StageResult> files, StageOptions options)
      : Napi::AsyncWorker(env, "simple-lsp:stage"),
        deferred_(Napi::Promise::Deferred::New(env)),
        self_(Napi::Persistent(self)),
        store_(store),
        stager_(std::move(stager)),
        files_(std::move(files)),
        options_(options) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override { stager_->StageBatch(files_, options_); }

  void OnOK() override {
    Napi::Env env = Env();
    if (store_->closed()) {
      files_.clear();  // unmaps
      Napi::Error e = Napi::Error::New(env, "stage: the store was closed while staging");
      e.Set("code", "SIMPLE_STORE_CLOSED");
      deferred_.Reject(e.Value());
      return;
    }
    Napi::Array out = Napi::Array::New(env, files_.size());
    for (size_t i = 0; i < files_.size(); i++)
      out.Set(static_cast<uint32_t>(i), store_->Install(env, std::move(files_[i])));
    files_.clear();
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference self_;  // keeps the store alive while the job runs
  Store* store_;
  std::shared_ptr<Stager> stager_;
  std::vector<StageResult> files_;
  StageOptions options_;
};

class FindWorker : public Napi::AsyncWorker {
 public:
  FindWorker(Napi::Env env, Napi::Object self, Store* store, uint32_t job, std::vector<ScanInput> inputs,
             std::string word, size_t limit, std::shared_ptr<std::atomic<bool>> cancel, unsigned threads)
      : Napi::AsyncWorker(env, "simple-lsp:findWord"),
        deferred_(Napi::Promise::Deferred::New(env)),
        self_(Napi::Persistent(self)),
        store_(store),
        job_(job),
        inputs_(std::move(inputs)),
        word_(std::move(word)),
        limit_(limit),
        cancel_(std::move(cancel)),
        threads_(threads) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override { out_ = Scan(inputs_, word_, limit_, *cancel_, threads_); }

  void OnOK() override {
    Napi::Env env = Env();
    inputs_.clear();
    store_->FinishFind(job_);
    if (out_.cancelled) {
      Napi::Error e = Napi::Error::New(env, "findWord: cancelled");
      e.Set("code", "ABORT_ERR");
      deferred_.Reject(e.Value());
      return;
    }
    size_t n = out_.ids.size();
    Napi::Uint32Array ids = Napi::Uint32Array::New(env, n);
    Napi::Float64Array offsets = Napi::Float64Array::New(env, n);
    for (size_t i = 0; i < n; i++) {
      ids[i] = out_.ids[i];
      offsets[i] = static_cast<double>(out_.offsets[i]);
    }
    Napi::Uint32Array changed = Napi::Uint32Array::New(env, out_.changed.size());
    for (size_t i = 0; i < out_.changed.size(); i++) changed[i] = out_.changed[i];
    Napi::Object result = Napi::Object::New(env);
    result.Set("fileIds", ids);
    result.Set("offsets", offsets);
    result.Set("changed", changed);
    result.Set("bytes", Napi::Number::New(env, static_cast<double>(out_.bytes)));
    result.Set("truncated", Napi::Boolean::New(env, out_.truncated));
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& e) override {
    store_->FinishFind(job_);
    deferred_.Reject(e.Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference self_;
  Store* store_;
  uint32_t job_;
  std::vector<ScanInput> inputs_;
  std::string word_;
  size_t limit_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  unsigned threads_;
  ScanOutput out_;
};

}  // namespace

Napi::Function Store::Define(Napi::Env env) {
  return DefineClass(env, "NativeStore",
                     {
                         InstanceMethod<&Store::StageBatch>("stageBatch"),
                         InstanceMethod<&Store::Reserve>("reserve"),
                         InstanceMethod<&Store::Text>("text"),
                         InstanceMethod<&Store::Lines>("lines"),
                         InstanceMethod<&Store::SlicesJoined>("slicesJoined"),
                         InstanceMethod<&Store::FindWord>("findWord"),
                         InstanceMethod<&Store::CancelFind>("cancelFind"),
                         InstanceMethod<&Store::Stats>("stats"),
                         InstanceMethod<&Store::Close>("close"),
                     });
}

Store::Store(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Store>(info) {
  Napi::Env env = info.Env();
  bool use_uring = true;
  if (info.Length() > 0 && info[0].IsObject()) {
    Napi::Object o = info[0].As<Napi::Object>();
    options_.map_cap = std::max<uint64_t>(1, OptionalNumber(o, "mapCap", options_.map_cap));
    options_.max_mapped_bytes = OptionalNumber(o, "maxMappedBytes", options_.max_mapped_bytes);
    options_.stage.copy_below = OptionalNumber(o, "copyBelow", options_.stage.copy_below);
    options_.stage.max_file_bytes = OptionalNumber(o, "maxFileBytes", options_.stage.max_file_bytes);
    options_.scan_threads = static_cast<unsigned>(std::max<uint64_t>(
        1, OptionalNumber(o, "scanThreads", std::max(1u, std::thread::hardware_concurrency()))));
    Napi::Value u = o.Get("uring");
    if (u.IsBoolean()) use_uring = u.As<Napi::Boolean>().Value();
  }
  options_.stage.use_uring = use_uring;
  stager_ = std::make_shared<Stager>(use_uring);
  env.GetInstanceData<AddonData>()->stores.insert(this);
}

Store::~Store() {
  CloseNow();
  AddonData* data = Env().GetInstanceData<AddonData>();
  if (data != nullptr) data->stores.erase(this);
}

void Store::CloseNow() {
  if (closed_) return;
  closed_ = true;
  for (auto& job : jobs_) job.second->store(true);
  hot_.clear();
  entries_.clear();  // drops regions (a running scan keeps its own references until it finishes)
  by_path_.clear();
  lru_.clear();
  maps_ = copied_ = 0;
  mapped_bytes_ = copied_bytes_ = 0;
  scratch_ = std::vector<char>();
  joined_ = std::string();
  wide_ = std::u16string();
}

void Store::CheckOpen(Napi::Env env, const char* call) {
  if (!closed_) return;
  Napi::Error e = Napi::Error::New(env, std::string(call) + ": the store is closed");
  e.Set("code", "SIMPLE_STORE_CLOSED");
  throw e;
}

Entry& Store::Lookup(Napi::Env env, const char* call, uint32_t id) {
  CheckOpen(env, call);
  if (id >= entries_.size())
    throw Napi::RangeError::New(env, std::string(call) + ": no file with id " + std::to_string(id));
  return entries_[id];
}

void Store::Unlink(Entry& e) {
  if (e.region != nullptr) {
    if (e.region->mapped) {
      maps_--;
      mapped_bytes_ -= e.region->size;
    } else {
      copied_--;
      copied_bytes_ -= e.region->size;
    }
  }
  if (e.in_lru) {
    lru_.erase(e.lru);
    e.in_lru = false;
  }
  e.region.reset();
  hot_[static_cast<size_t>(&e - entries_.data())] = Hot();
}

void Store::Replace(Entry& e, StageResult&& r) {
  Unlink(e);
  e.status = r.status;
  e.err = r.err;
  e.message = std::move(r.message);
  e.identity = r.identity;
  e.region = std::move(r.region);
  if (e.region == nullptr) return;
  Hot& h = hot_[static_cast<size_t>(&e - entries_.data())];
  h.data = e.region->data;
  h.size = static_cast<uint32_t>(e.region->size);
  if (e.region->mapped) {
    maps_++;
    mapped_bytes_ += e.region->size;
  } else {
    copied_++;
    copied_bytes_ += e.region->size;
  }
}

void Store::Touch(uint32_t id) {
  Entry& e = entries_[id];
  if (e.region == nullptr || !e.region->mapped) return;
  if (e.in_lru) {
    lru_.splice(lru_.begin(), lru_, e.lru);
  } else {
    lru_.push_front(id);
    e.lru = lru_.begin();
    e.in_lru = true;
  }
}

void Store::EnforceCaps(uint32_t keep) {
  size_t second_chances = 0;
  while ((maps_ > options_.map_cap || mapped_bytes_ > options_.max_mapped_bytes) && !lru_.empty()) {
    uint32_t victim = lru_.back();
    Entry& e = entries_[victim];
    if ((hot_[victim].referenced || victim == keep) && second_chances++ < lru_.size()) {
      hot_[victim].referenced = false;
      lru_.splice(lru_.begin(), lru_, e.lru);
      continue;
    }
    if (victim == keep) break;
    Unlink(e);  // status stays kMapped: the next use maps the file again
    evictions_++;
  }
}

Napi::Object Store::Install(Napi::Env env, StageResult&& r) {
  uint32_t id;
  const char* change = "new";
  auto it = by_path_.find(r.path);
  if (it == by_path_.end()) {
    id = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back();
    hot_.emplace_back();
    entries_.back().path = r.path;
    by_path_.emplace(r.path, id);
  } else {
    id = it->second;
    const Entry& old = entries_[id];
    bool same =
        old.known && old.status != Status::kError && r.status != Status::kError && old.identity == r.identity;
    bool same_error = old.status == Status::kError && r.status == Status::kError && old.err == r.err;
    // A reserved entry never stat'ed has nothing to compare with: it is new to the store.
    change = !old.known ? "new" : same || same_error ? "unchanged" : "changed";
  }
  Entry& e = entries_[id];
  // Staged without bytes and unchanged: bytes already held (read on use, or staged before) stay.
  bool keep = r.status == Status::kLazy && change[0] == 'u' && e.region != nullptr;
  if (!keep) Replace(e, std::move(r));
  e.known = true;
  Touch(id);
  EnforceCaps(id);

  Napi::Object o = Napi::Object::New(env);
  o.Set("id", static_cast<double>(id));
  o.Set("path", e.path);
  o.Set("status", StatusName(e.status));
  o.Set("size", static_cast<double>(e.identity.size));
  o.Set("mtimeMs", MtimeMs(e.identity));
  o.Set("ino", static_cast<double>(e.identity.ino));
  if (e.status == Status::kError) {
    o.Set("errno", -e.err);
    o.Set("code", ErrnoName(e.err));
    o.Set("message", e.message);
  }
  o.Set("change", change);
  return o;
}

[[noreturn]] void Store::Changed(Napi::Env env, const char* call, uint32_t id, const char* why) {
  Entry& e = entries_[id];
  Identity before = e.identity;
  StageOptions lazy = options_.stage;
  lazy.populate = false;
  Replace(e, StageOne(e.path, lazy));
  remaps_++;
  Touch(id);
  EnforceCaps(id);
  std::string message = std::string(call) + ": file " + std::to_string(id) + " ('" + e.path + "') changed " +
                        why + " (size " + std::to_string(before.size) + " → " +
                        (e.status == Status::kError ? e.message : std::to_string(e.identity.size)) + ")";
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", "SIMPLE_FILE_CHANGED");
  err.Set("fileId", static_cast<double>(id));
  err.Set("path", e.path);
  throw err;
}

const Region& Store::Bytes(Napi::Env env, const char* call, uint32_t id) {
  Entry& e = Lookup(env, call, id);
  if (e.status == Status::kError) {
    Napi::Error err = Napi::Error::New(
        env, std::string(call) + ": file " + std::to_string(id) + " has no bytes: " + e.message);
    err.Set("code", ErrnoName(e.err));
    err.Set("fileId", static_cast<double>(id));
    throw err;
  }
  if (e.region == nullptr) {
    // Evicted by the LRU, or lazy (staged without bytes, or only reserved): read or map now (no prefault;
    // this runs on the JS thread) if the file is the one staged. A reserved entry takes what it finds.
    StageOptions lazy = options_.stage;
    lazy.populate = false;
    lazy.bytes = true;
    StageResult r = StageOne(e.path, lazy);
    if (!e.known) {
      lazy_loads_++;
      Replace(e, std::move(r));
      e.known = true;
      if (e.status == Status::kError) {
        Napi::Error err = Napi::Error::New(env, std::string(call) + ": file " + std::to_string(id) +
                                                    " could not be read on first use: " + e.message);
        err.Set("code", ErrnoName(e.err));
        err.Set("fileId", static_cast<double>(id));
        throw err;
      }
      Touch(id);
      EnforceCaps(id);
      return *e.region;
    }
    if (e.status == Status::kLazy) lazy_loads_++;
    if (r.status == Status::kError || r.identity != e.identity) {
      Identity before = e.identity;
      Replace(e, std::move(r));
      remaps_++;
      Touch(id);
      EnforceCaps(id);
      Napi::Error err = Napi::Error::New(
          env, std::string(call) + ": file " + std::to_string(id) + " ('" + e.path +
                   "') changed on disk since it was staged (size " + std::to_string(before.size) + " → " +
                   (e.status == Status::kError ? e.message : std::to_string(e.identity.size)) + ")");
      err.Set("code", "SIMPLE_FILE_CHANGED");
      err.Set("fileId", static_cast<double>(id));
      err.Set("path", e.path);
      throw err;
    }
    Replace(e, std::move(r));
    remaps_++;
    Touch(id);
    EnforceCaps(id);
    return *e.region;
  }
  hot_[id].referenced = true;
  return *e.region;
}

void Store::CopyOut(Napi::Env env, const char* call, uint32_t id, uint64_t start, uint64_t end) {
  // Fast path: live bytes straight from the hot table (no entry, no Region object touched).
  const char* data;
  size_t size;
  if (!closed_ && id < hot_.size() && hot_[id].data != nullptr) {
    Hot& h = hot_[id];
    h.referenced = true;
    data = h.data;
    size = h.size;
  } else {
    const Region& r = Bytes(env, call, id);
    data = r.data;
    size = r.size;
  }
  struct {
    const char* data;
    size_t size;
  } region{data, size};
  if (start > end || end > region.size)
    throw Napi::RangeError::New(env, std::string(call) + ": range [" + std::to_string(start) + ", " +
                                         std::to_string(end) + ") is outside file " + std::to_string(id) +
                                         " (size " + std::to_string(region.size) + ")");
  size_t n = static_cast<size_t>(end - start);
  if (scratch_.size() < n) scratch_.resize(std::max(n, scratch_.size() * 2));
  char* dst = scratch_.data();
  const char* src = region.data + start;
  // An empty file has no mapping (data is null): nothing to copy, and memcpy must not see a null pointer.
  bool ok = n == 0 || guard::Run(region.data, region.size, [&] { memcpy(dst, src, n); });
  if (!ok) {
    faults_++;
    Changed(env, call, id, "while being read (SIGBUS: truncated by another process)");
  }
}

Napi::Value Store::StageBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env, "stage");
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "stage: paths must be an array of strings");
  Napi::Array paths = info[0].As<Napi::Array>();
  std::vector<StageResult> files(paths.Length());
  for (uint32_t i = 0; i < paths.Length(); i++) {
    Napi::Value p = paths.Get(i);
    if (!p.IsString())
      throw Napi::TypeError::New(env, "stage: paths[" + std::to_string(i) + "] is not a string");
    files[i].path = p.As<Napi::String>().Utf8Value();
  }
  StageOptions options = options_.stage;
  if (info.Length() > 1 && info[1].IsBoolean()) options.bytes = info[1].As<Napi::Boolean>().Value();
  auto* worker =
      new StageWorker(env, info.This().As<Napi::Object>(), this, stager_, std::move(files), options);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Value Store::Reserve(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env, "reserve");
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "reserve: paths must be an array of strings");
  Napi::Array paths = info[0].As<Napi::Array>();
  const uint32_t n = paths.Length();
  Napi::Uint32Array ids = Napi::Uint32Array::New(env, n);
  for (uint32_t i = 0; i < n; i++) {
    Napi::Value p = paths.Get(i);
    if (!p.IsString())
      throw Napi::TypeError::New(env, "reserve: paths[" + std::to_string(i) + "] is not a string");
    std::string path = p.As<Napi::String>().Utf8Value();
    auto it = by_path_.find(path);
    if (it != by_path_.end()) {
      ids[i] = it->second;
      continue;
    }
    uint32_t id = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back();
    hot_.emplace_back();
    Entry& e = entries_.back();
    e.path = path;
    e.status = Status::kLazy;
    e.known = false;
    by_path_.emplace(std::move(path), id);
    ids[i] = id;
  }
  return ids;
}

Napi::Value Store::Text(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  int64_t start = info[1].As<Napi::Number>().Int64Value();
  int64_t end = info[2].As<Napi::Number>().Int64Value();
  if (start < 0 || end < start) throw Napi::RangeError::New(env, "text: bad range");
  CopyOut(env, "text", id, static_cast<uint64_t>(start), static_cast<uint64_t>(end));
  size_t n = static_cast<size_t>(end - start);
  joined_.clear();
  if (IsAscii(scratch_.data(), n)) {
    joined_.append(scratch_.data(), n);
    return WellFormedString(env, joined_, true, wide_);
  }
  AppendWellFormed(joined_, reinterpret_cast<const unsigned char*>(scratch_.data()), n);
  return WellFormedString(env, joined_, false, wide_);
}

namespace {

/**
 * Appends [p, p + n) to out as well-formed UTF-8, replacing each maximal invalid subpart with U+FFFD as the
 * WHATWG decoder (and V8's) does, so that decoding the joined text gives each slice exactly what decoding
 * it alone would. Returns the slice's length in UTF-16 code units.
 */
size_t AppendWellFormed(std::string& out, const unsigned char* p, size_t n) {
  size_t units = 0;
  size_t i = 0;
  while (i < n) {
    size_t run = i;
    for (uint64_t w; run + 8 <= n; run += 8) {  // ASCII runs eight bytes at a time
      memcpy(&w, p + run, 8);
      if (w & 0x8080808080808080ULL) break;
    }
    while (run < n && p[run] < 0x80) run++;
    if (run > i) {
      out.append(reinterpret_cast<const char*>(p + i), run - i);
      units += run - i;
      i = run;
      if (i == n) break;
    }
    unsigned char b = p[i];
    size_t need = 0;
    unsigned char lower = 0x80, upper = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b == 0xE0) lower = 0xA0;
      if (b == 0xED) upper = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b == 0xF0) lower = 0x90;
      if (b == 0xF4) upper = 0x8F;
    } else {
      out.append("\xEF\xBF\xBD");
      units++;
      i++;
      continue;
    }
    size_t k = 1;
    for (; k <= need && i + k < n; k++) {
      unsigned char c = p[i + k];
      if (c < lower || c > upper) break;
      lower = 0x80;
      upper = 0xBF;
    }
    if (k == need + 1) {
      out.append(reinterpret_cast<const char*>(p + i), need + 1);
      units += need == 3 ? 2 : 1;
      i += need + 1;
    } else {
      out.append("\xEF\xBF\xBD");  // the lead and the valid continuations so far are one maximal subpart
      units++;
      i += k;
    }
  }
  return units;
}

}  // namespace

Napi::Value Store::SlicesJoined(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env, "slices");
  if (!info[0].IsTypedArray())
    throw Napi::TypeError::New(env, "slices: expected a Uint32Array of (id, start, end)");
  Napi::Uint32Array triples = info[0].As<Napi::Uint32Array>();
  size_t n = triples.ElementLength() / 3;
  const uint32_t* t = triples.Data();
  Napi::Uint32Array ends = Napi::Uint32Array::New(env, n);
  uint32_t* end_out = ends.Data();
  joined_.clear();
  size_t units = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t id = t[3 * i], start = t[3 * i + 1], end = t[3 * i + 2];
    CopyOut(env, "slices", id, start, end);
    units += AppendWellFormed(joined_, reinterpret_cast<const unsigned char*>(scratch_.data()), end - start);
    end_out[i] = static_cast<uint32_t>(units);
  }
  // All ASCII (UTF-16 length == byte length): latin1; otherwise decoded to UTF-16 here.
  Napi::Value text = WellFormedString(env, joined_, units == joined_.size(), wide_);
  Napi::Object result = Napi::Object::New(env);
  result.Set("text", text);
  result.Set("ends", ends);
  return result;
}

Napi::Value Store::Lines(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  int64_t first = info[1].As<Napi::Number>().Int64Value();
  int64_t last = info[2].As<Napi::Number>().Int64Value();  // exclusive
  if (first < 0 || last < first) throw Napi::RangeError::New(env, "lines: bad line range");
  if (last == first) {
    Lookup(env, "lines", id);
    return Napi::Array::New(env);
  }
  const Region& region = Bytes(env, "lines", id);
  // Find the byte range of lines [first, last): line breaks are \n, \r\n and a lone \r (as in LSP).
  uint64_t from = region.size, to = region.size;
  const char* d = region.data;
  const size_t size = region.size;
  bool ok = guard::Run(d, size, [&] {
    int64_t line = 0;
    size_t i = 0;
    if (first == 0) from = 0;
    while (i < size && line < last) {
      char c = d[i++];
      if (c == '\r' && i < size && d[i] == '\n') i++;
      if (c == '\n' || c == '\r') {
        line++;
        if (line == first) from = i;
        if (line == last) to = i;
      }
    }
  });
  if (!ok) {
    faults_++;
    Changed(env, "lines", id, "while being read (SIGBUS: truncated by another process)");
  }
  Napi::Array out = Napi::Array::New(env);
  if (from >= to && !(from == to && first == 0 && size == 0)) return out;
  if (size == 0) return out;
  CopyOut(env, "lines", id, from, to);
  const char* s = scratch_.data();
  size_t n = static_cast<size_t>(to - from), begin = 0;
  uint32_t k = 0;
  for (size_t i = 0; i < n;) {
    char c = s[i];
    if (c == '\n' || c == '\r') {
      out.Set(k++, Napi::String::New(env, s + begin, i - begin));
      i += (c == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
      begin = i;
    } else {
      i++;
    }
  }
  if (begin < n) out.Set(k++, Napi::String::New(env, s + begin, n - begin));
  return out;
}

Napi::Value Store::FindWord(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env, "findWord");
  std::string word = info[0].As<Napi::String>().Utf8Value();
  double limit_d = info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : 0;
  size_t limit = limit_d >= 1 ? static_cast<size_t>(limit_d) : SIZE_MAX;
  if (word.empty()) throw Napi::RangeError::New(env, "findWord: empty word");
  // Every file, or the ids asked for (sorted, each once; unknown ids ignored).
  std::vector<uint32_t> ids;
  if (info.Length() > 2 && info[2].IsTypedArray()) {
    Napi::Uint32Array only = info[2].As<Napi::Uint32Array>();
    for (size_t i = 0; i < only.ElementLength(); i++)
      if (only[i] < entries_.size()) ids.push_back(only[i]);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  } else {
    ids.resize(entries_.size());
    for (uint32_t id = 0; id < entries_.size(); id++) ids[id] = id;
  }
  std::vector<ScanInput> inputs;
  inputs.reserve(ids.size());
  for (uint32_t id : ids) {
    const Entry& e = entries_[id];
    if (e.status == Status::kError || (e.known && e.identity.size == 0)) continue;
    inputs.push_back(ScanInput{id, e.region, e.path, e.identity, e.known});
  }
  uint32_t job = next_job_++;
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  jobs_.emplace(job, cancel);
  auto* worker = new FindWorker(env, info.This().As<Napi::Object>(), this, job, std::move(inputs),
                                std::move(word), limit, cancel, options_.scan_threads);
  Napi::Object result = Napi::Object::New(env);
  result.Set("job", static_cast<double>(job));
  result.Set("promise", worker->Promise());
  worker->Queue();
  return result;
}

Napi::Value Store::CancelFind(const Napi::CallbackInfo& info) {
  uint32_t job = info[0].As<Napi::Number>().Uint32Value();
  auto it = jobs_.find(job);
  if (it != jobs_.end()) it->second->store(true);
  return info.Env().Undefined();
}

Napi::Value Store::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env, "stats");
  size_t errors = 0, lazy = 0;
  for (const Entry& e : entries_) {
    errors += e.status == Status::kError;
    lazy += e.status == Status::kLazy;
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("files", static_cast<double>(entries_.size()));
  o.Set("maps", static_cast<double>(maps_));
  o.Set("mappedBytes", static_cast<double>(mapped_bytes_));
  o.Set("copiedFiles", static_cast<double>(copied_));
  o.Set("copiedBytes", static_cast<double>(copied_bytes_));
  o.Set("errors", static_cast<double>(errors));
  o.Set("faultsCaught", static_cast<double>(faults_));
  o.Set("evictions", static_cast<double>(evictions_));
  o.Set("remaps", static_cast<double>(remaps_));
  o.Set("lazyFiles", static_cast<double>(lazy));
  o.Set("lazyLoads", static_cast<double>(lazy_loads_));
  o.Set("mapCap", static_cast<double>(options_.map_cap));
  o.Set("uring", stager_->uring());
  o.Set("uringReason", stager_->reason());
  return o;
}

Napi::Value Store::Close(const Napi::CallbackInfo& info) {
  CloseNow();
  return info.Env().Undefined();
}

}  // namespace simple
