# The native addon (native/*.cc): the file store and the TCP transport. io_uring sources are compiled only where pkg-config finds liburing
# (SIMPLE_HAVE_URING); elsewhere the addon stages files with plain syscalls. Non-Linux platforms build
# nothing useful yet: the package still installs and the server runs on the fs store.
{
  'variables': {
    'have_uring%': '<!(pkg-config --exists liburing 2>/dev/null && echo 1 || echo 0)',
  },
  'targets': [
    {
      'target_name': 'simple_store',
      'sources': [
        'native/addon.cc',
        'native/errors.cc',
        'native/guard.cc',
        'native/stage.cc',
        'native/store.cc',
        'native/find_word.cc',
        'native/framing.cc',
        'native/transport.cc',
        'native/transport_epoll.cc',
        'native/transport_uring.cc',
        'native/transport_js.cc',
      ],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      'defines': [
        'NAPI_VERSION=8',
        'NODE_ADDON_API_DISABLE_DEPRECATED',
        'NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED',
        'NAPI_CPP_EXCEPTIONS',
      ],
      'cflags!': ['-fno-exceptions'],
      'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=gnu++20'],
      'cflags': ['-Wall', '-Wextra', '-Werror'],
      'cflags_cc': ['-std=c++17', '-fexceptions', '-Wall', '-Wextra', '-Werror'],
      'conditions': [
        ['OS=="linux" and have_uring==1', {
          'defines': ['SIMPLE_HAVE_URING'],
          'cflags_cc': ["<!@(pkg-config --cflags liburing)"],
          # The static archive where there is one (scripts/uring-link.js): nothing to install where it loads.
          'libraries': ["<!@(node scripts/uring-link.js)"],
        }],
      ],
    },
    {
      # The transport benchmark's load generator (bench/trials/transport.ts): its own process, plain epoll.
      'target_name': 'simple_loadgen',
      'type': 'executable',
      'sources': ['bench/loadgen/loadgen.cc'],
      'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=gnu++20'],
      'cflags_cc': ['-std=c++17', '-O2', '-Wall', '-Wextra', '-Werror'],
    },
  ],
}
