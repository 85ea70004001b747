#include "errors.h"

#include <string.h>

namespace simple {

std::string ErrnoName(int err) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  const char* name = strerrorname_np(err);
  if (name != nullptr) return name;
#endif
  return "E" + std::to_string(err);
}

std::string ErrnoMessage(const char* call, int err, const std::string& path) {
  std::string out = call;
  if (!path.empty()) out += " '" + path + "'";
  char buf[256];
  // GNU strerror_r returns a pointer that may or may not be buf.
  const char* text = strerror_r(err, buf, sizeof buf);
  out += ": ";
  out += text;
  out += " (" + ErrnoName(err) + ")";
  return out;
}

Napi::Error ErrnoError(Napi::Env env, const char* call, int err, const std::string& path) {
  Napi::Error e = Napi::Error::New(env, ErrnoMessage(call, err, path));
  e.Set("code", ErrnoName(err));
  e.Set("errno", Napi::Number::New(env, -err));
  e.Set("syscall", call);
  if (!path.empty()) e.Set("path", path);
  return e;
}

}  // namespace simple
