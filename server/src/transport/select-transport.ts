// Picks the TCP transport at startup and says which and why — never silently. Order for `auto`: io_uring
// when this process can really use it (Linux, the addon loads, kernel.io_uring_disabled allows it, a
// seccomp filter does not kill it — probed in a child process when a filter is active —, the ring sets up,
// the opcodes exist and a loopback round trip works), else the native epoll backend, else Node `net`.
// `--transport uring|epoll|net` forces one (and fails loudly when it cannot run). Under
// SIMPLE_LSP_REQUIRE_NATIVE=1 (CI), `auto` must end on io_uring.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { NativeAddon } from '../native/addon';
import { addonPath, loadNative } from '../native/load';
import { NativeTransport } from './native-transport';
import { NetTransport } from './net-transport';
import type { ConnectionKind, EventHandler, Transport, TransportKind, TransportLimits } from './transport';

export type TransportRequest = TransportKind | 'auto';

export interface TransportSelection {
  kind: ConnectionKind;
  reason: string;
  create(limits: TransportLimits, onEvents: EventHandler): Transport;
  /** The native addon, when it loaded (for the epoll fallback). */
  addon?: NativeAddon;
}

/** What the machine offers, gathered once at startup (a pure `decideTransport` turns it into a choice). */
export interface TransportFacts {
  platform: string;
  /** undefined when the addon loaded; else why not. */
  addonProblem?: string;
  /** undefined when io_uring works for the transport; else why not. */
  uringProblem?: string;
  /** How io_uring was found usable (flags, probe, self-test). */
  uringReason?: string;
}

export function decideTransport(
  requested: TransportRequest,
  facts: TransportFacts,
  requireNative: boolean,
): { kind: TransportKind; reason: string } {
  const fail = (why: string): never => {
    throw new Error(why);
  };
  // An explicit choice stands even under SIMPLE_LSP_REQUIRE_NATIVE=1 (which governs `auto`).
  if (requested === 'net') return { kind: 'net', reason: '--transport net' };
  const nativeProblem =
    facts.platform !== 'linux'
      ? `the native transport is Linux-only (platform ${facts.platform})`
      : facts.addonProblem;
  if (nativeProblem !== undefined) {
    if (requested !== 'auto') fail(`--transport ${requested} is unavailable: ${nativeProblem}`);
    if (requireNative) fail(`native transport required (SIMPLE_LSP_REQUIRE_NATIVE=1) but ${nativeProblem}`);
    return { kind: 'net', reason: `Node net: ${nativeProblem}` };
  }
  if (requested === 'epoll') return { kind: 'epoll', reason: '--transport epoll' };
  if (facts.uringProblem === undefined)
    return {
      kind: 'uring',
      reason: `${requested === 'uring' ? '--transport uring' : 'auto'}: ${facts.uringReason ?? 'io_uring ready'}`,
    };
  if (requested === 'uring') fail(`--transport uring is unavailable: ${facts.uringProblem}`);
  if (requireNative)
    fail(`io_uring transport required (SIMPLE_LSP_REQUIRE_NATIVE=1) but ${facts.uringProblem}`);
  return { kind: 'epoll', reason: `native epoll: io_uring unavailable (${facts.uringProblem})` };
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Runs the io_uring probe in a child process (it inherits our seccomp filter; a kill there is not ours). */
function probeInChild(root: string): { ok: boolean; reason: string } {
  const script =
    `const m={exports:{}};process.dlopen(m,${JSON.stringify(addonPath(root))});` +
    'process.stdout.write(JSON.stringify(m.exports.probeUringTransport()))';
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  if (r.signal !== null)
    return { ok: false, reason: `a seccomp filter is active and the probe child died of ${r.signal}` };
  try {
    const out = JSON.parse(r.stdout) as { ok: boolean; reason: string };
    return { ok: out.ok, reason: `${out.reason} (probed in a child: a seccomp filter is active)` };
  } catch {
    return { ok: false, reason: `the io_uring probe child failed (exit ${r.status}): ${r.stderr.trim()}` };
  }
}

export function gatherFacts(root: string): TransportFacts & { addon?: NativeAddon } {
  const facts: TransportFacts & { addon?: NativeAddon } = { platform: process.platform };
  if (process.platform !== 'linux') return facts;
  const load = loadNative(root);
  if (load.addon === undefined) {
    facts.addonProblem = load.reason;
    return facts;
  }
  const addon = load.addon;
  facts.addon = addon;
  const disabled = readProc('/proc/sys/kernel/io_uring_disabled')?.trim();
  if (disabled === '2') {
    facts.uringProblem = 'kernel.io_uring_disabled=2 (io_uring is switched off for everyone)';
    return facts;
  }
  const seccomp = /^Seccomp:\s*(\d)/m.exec(readProc('/proc/self/status') ?? '')?.[1];
  const probe = seccomp === '2' ? probeInChild(root) : addon.probeUringTransport();
  if (probe.ok) facts.uringReason = probe.reason;
  else
    facts.uringProblem =
      disabled === '1'
        ? `${probe.reason} (kernel.io_uring_disabled=1: only a privileged group may use it)`
        : probe.reason;
  return facts;
}

export interface SelectTransportOptions {
  root: string;
  requested: TransportRequest;
  env?: NodeJS.ProcessEnv;
}

export function selectTransport(opts: SelectTransportOptions): TransportSelection {
  const env = opts.env ?? process.env;
  const facts = gatherFacts(opts.root);
  const choice = decideTransport(opts.requested, facts, env.SIMPLE_LSP_REQUIRE_NATIVE === '1');
  return selectionFor(choice.kind, choice.reason, facts.addon);
}

export function selectionFor(kind: TransportKind, reason: string, addon?: NativeAddon): TransportSelection {
  return {
    kind,
    reason,
    addon,
    create: (limits, onEvents) => {
      if (kind === 'net') return new NetTransport(limits, onEvents);
      if (addon === undefined) throw new Error(`the ${kind} transport needs the native addon`);
      return new NativeTransport(addon, kind, limits, onEvents);
    },
  };
}

/** Where a transport that failed at run time moves: io_uring → epoll; the others have nowhere to go. */
export function fallbackFor(failed: TransportSelection): TransportSelection | undefined {
  if (failed.kind !== 'uring' || failed.addon === undefined) return undefined;
  return selectionFor('epoll', 'native epoll', failed.addon);
}
