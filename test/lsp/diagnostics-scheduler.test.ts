// The push-diagnostics scheduler (features/diagnostics.ts) on a hand-driven clock: a run waits its
// debounce; a request answered meanwhile puts it off by another debounce, never past MAX_POSTPONE_MS after
// its change; a newer change replaces it; a debounce of 0 is never put off.
import assert from 'node:assert/strict';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import {
  DiagnosticsScheduler,
  MAX_POSTPONE_MS,
  type SchedulerClock,
} from '../../server/src/features/diagnostics';
import { parse } from '../../server/src/language';
import { Logger } from '../../server/src/logger';
import { DocumentStore } from '../../server/src/session/documents';

const quiet = new Logger('error', { write: () => undefined, close: () => undefined });

/** Timers that fire only when the test advances the time. */
class ManualClock implements SchedulerClock {
  time = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; run: () => void }>();
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.time + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
    for (const [id, t] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.time) continue;
      this.due.delete(id);
      t.run();
    }
  }
}

function setup(debounceMs: number) {
  const clock = new ManualClock();
  const documents = new DocumentStore((text, previous) => parse(text, previous));
  const published: PublishDiagnosticsParams[] = [];
  const computed: number[] = [];
  const compute = (doc: { version: number }): Diagnostic[] => {
    computed.push(doc.version);
    return [];
  };
  const scheduler = new DiagnosticsScheduler(
    documents,
    (p) => published.push(p),
    quiet,
    compute,
    debounceMs,
    clock,
  );
  return { clock, documents, published, computed, scheduler };
}

describe('features: push diagnostics scheduling', () => {
  it('runs after the debounce, put off by each request answered meanwhile', () => {
    const { clock, documents, published, scheduler } = setup(50);
    scheduler.schedule(documents.open('file:///a.spl', 'simple', 1, 'val a = 1\n'));
    clock.advance(40);
    scheduler.postpone(); // a request answered at 40: the run moves to 90
    clock.advance(40);
    assert.equal(published.length, 0);
    clock.advance(10);
    assert.deepEqual(
      published.map((p) => p.version),
      [1],
    );
  });

  it('is never put off past MAX_POSTPONE_MS after its change', () => {
    const { clock, documents, published, scheduler } = setup(50);
    scheduler.schedule(documents.open('file:///a.spl', 'simple', 1, 'val a = 1\n'));
    for (let t = 0; t < MAX_POSTPONE_MS + 100 && published.length === 0; t += 10) {
      clock.advance(10);
      scheduler.postpone();
    }
    assert.equal(published.length, 1);
    assert.ok(clock.time <= MAX_POSTPONE_MS + 50, `ran at ${clock.time}`);
  });

  it('computes nothing for a version a newer change replaced', () => {
    const { clock, documents, computed, published, scheduler } = setup(50);
    scheduler.schedule(documents.open('file:///a.spl', 'simple', 1, 'val a = 1\n'));
    clock.advance(30);
    scheduler.postpone();
    const v2 = documents.change('file:///a.spl', 2, [{ text: 'val a = 2\n' }])!;
    scheduler.schedule(v2);
    clock.advance(100);
    assert.deepEqual(computed, [2]);
    assert.deepEqual(
      published.map((p) => p.version),
      [2],
    );
  });

  it('puts nothing off with a debounce of 0', () => {
    const { clock, documents, published, scheduler } = setup(0);
    scheduler.schedule(documents.open('file:///a.spl', 'simple', 1, 'val a = 1\n'));
    scheduler.postpone();
    clock.advance(0);
    assert.equal(published.length, 1);
  });
});
