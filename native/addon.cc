// Module entry: a context-aware addon (one AddonData per environment, so it loads in worker threads),
// the SIGBUS guard installed once per process, the Store class, and helpers for benchmarks and tests.
#include <errno.h>
#include <fcntl.h>
#include <napi.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addon.h"
#include "errors.h"
#include "guard.h"
#include "stage.h"
#include "store.h"
#include "transport_js.h"

namespace simple {
namespace {

Napi::Value Features(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const UringSupport& u = ProbeUring();
  Napi::Object o = Napi::Object::New(env);
  o.Set("uringCompiled", u.compiled);
  o.Set("uring", u.usable);
  o.Set("uringReason", u.reason);
  o.Set("guard", guard::Install() == 0);
  o.Set("faultsCaught", static_cast<double>(guard::FaultsCaught()));
  return o;
}

std::vector<std::string> Paths(const Napi::CallbackInfo& info, const char* call) {
  if (!info[0].IsArray())
    throw Napi::TypeError::New(info.Env(), std::string(call) + ": paths must be an array");
  Napi::Array a = info[0].As<Napi::Array>();
  std::vector<std::string> out;
  for (uint32_t i = 0; i < a.Length(); i++) out.push_back(a.Get(i).As<Napi::String>().Utf8Value());
  return out;
}

/** Benchmarks: evicts the files from the page cache (posix_fadvise DONTNEED). Returns files evicted. */
Napi::Value Evict(const Napi::CallbackInfo& info) {
  size_t done = 0;
  for (const std::string& p : Paths(info, "evict")) {
    int fd = open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;
    if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0) done++;
    close(fd);
  }
  return Napi::Number::New(info.Env(), static_cast<double>(done));
}

/**
 * Benchmarks only: the naive control — map each file and touch every page on the JS thread, unguarded
 * and unprefaulted, then unmap. This is the stall the store avoids. Returns a checksum of touched bytes.
 */
Napi::Value MapAndTouch(const Napi::CallbackInfo& info) {
  long page = sysconf(_SC_PAGESIZE);
  unsigned sum = 0;
  for (const std::string& p : Paths(info, "mapAndTouch")) {
    int fd = open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* m = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
      if (m != MAP_FAILED) {
        const volatile char* c = static_cast<const char*>(m);
        for (off_t off = 0; off < st.st_size; off += page) sum += static_cast<unsigned char>(c[off]);
        munmap(m, static_cast<size_t>(st.st_size));
      }
    }
    close(fd);
  }
  return Napi::Number::New(info.Env(), sum);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  int err = guard::Install();
  if (err != 0) throw ErrnoError(env, "sigaction(SIGBUS)", err);
  auto* data = new AddonData();
  env.SetInstanceData<AddonData>(data);
  Napi::Function ctor = Store::Define(env);
  data->store_constructor = Napi::Persistent(ctor);
  env.AddCleanupHook([data] {
    // Exit or worker teardown: unmap everything while the environment is still intact.
    std::set<Store*> stores = data->stores;
    for (Store* s : stores) s->CloseNow();
  });
  exports.Set("NativeStore", ctor);
  Napi::Function transport = NativeTransport::Define(env);
  data->transport_constructor = Napi::Persistent(transport);
  exports.Set("NativeTransport", transport);
  exports.Set("probeUringTransport", Napi::Function::New(env, ProbeUringTransportJs, "probeUringTransport"));
  exports.Set("features", Napi::Function::New(env, Features, "features"));
  // Hooks for tests and benchmarks, apart from what the server uses (server/src/native/ types them apart).
  Napi::Object testing = Napi::Object::New(env);
  testing.Set("evict", Napi::Function::New(env, Evict, "evict"));
  testing.Set("mapAndTouch", Napi::Function::New(env, MapAndTouch, "mapAndTouch"));
  testing.Set("injectRingFault", Napi::Function::New(env, InjectRingFaultJs, "injectRingFault"));
  exports.Set("testing", testing);
  return exports;
}

}  // namespace
}  // namespace simple

static Napi::Object InitSimpleNative(Napi::Env env, Napi::Object exports) {
  return simple::Init(env, exports);
}

NODE_API_MODULE(simple_native, InitSimpleNative)
