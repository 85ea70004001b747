// Errors from system calls, as text (for per-file statuses) and as JS exceptions carrying the call name,
// the errno name and strerror: `open 'a/b.spl': No such file or directory (ENOENT)`.
#pragma once

#include <napi.h>

#include <string>

namespace simple {

/** "ENOENT" for ENOENT; "E<number>" where glibc has no name. */
std::string ErrnoName(int err);

/** "open 'path': No such file or directory (ENOENT)" (the path part is left out when empty). */
std::string ErrnoMessage(const char* call, int err, const std::string& path = std::string());

/** An Error with message ErrnoMessage(...) and the properties code, errno (negative), syscall, path. */
Napi::Error ErrnoError(Napi::Env env, const char* call, int err, const std::string& path = std::string());

}  // namespace simple
