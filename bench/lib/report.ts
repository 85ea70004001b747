// Markdown output of benchmark results: a header naming the machine, then tables.
import * as os from 'os';

export interface Machine {
  date: string;
  kernel: string;
  node: string;
  cpu: string;
  cores: number;
  /** 1-minute load average when the run started: figures taken on a busy machine say so. */
  load: number;
}

export function machine(now = new Date()): Machine {
  const cpus = os.cpus();
  return {
    date: now.toISOString().slice(0, 10),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    cpu: cpus.length > 0 ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    load: os.loadavg()[0],
  };
}

export function header(name: string, m: Machine, quick: boolean): string {
  return [
    `## ${name} — ${m.date}${quick ? ' (quick run: smoke figures, not a measurement)' : ''}`,
    '',
    `Kernel ${m.kernel} · Node ${m.node} · ${m.cpu} · ${m.cores} cores · load average ${m.load.toFixed(2)} at start`,
  ].join('\n');
}

/** A markdown table with padded columns (first left-aligned, the rest right-aligned), as Prettier writes it. */
export function table(columns: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((v) => (typeof v === 'number' ? formatNumber(v) : v)));
  const widths = columns.map((c, i) => Math.max(3, c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const pad = (v: string, i: number) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]));
  const line = (r: string[]) => `| ${r.map(pad).join(' | ')} |`;
  const rule = widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`));
  return [line(columns), `| ${rule.join(' | ')} |`, ...cells.map(line)].join('\n');
}

/** Three significant digits for small figures, thousands separators for large ones. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1000) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}
