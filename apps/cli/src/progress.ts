// Progress display: a single self-rewriting line on a TTY, plain lines otherwise.
import type { Output } from './framework.ts';
import { formatBytes, formatDuration, formatNumber } from './output.ts';

export function bar(fraction: number, width = 24): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** One line rewritten in place (`\r` + clear line). */
export class StatusLine {
  #shown = false;
  #last = 0;
  constructor(private readonly out: Output) {}

  /** Redraws the line; `force` skips the ~10 fps throttle. */
  update(text: string, force = false) {
    const now = Date.now();
    if (!force && this.#shown && now - this.#last < 100) return;
    this.#last = now;
    const width = this.out.columns ?? 100;
    const clipped = [...text].length > width - 1 ? [...text].slice(0, width - 1).join('') : text;
    this.out.write(`\r\x1b[2K${clipped}`);
    this.#shown = true;
  }

  /** Leaves the current line as it is and moves below it. */
  finish(text?: string) {
    if (text !== undefined) this.update(text, true);
    if (this.#shown) this.out.write('\n');
    this.#shown = false;
  }

  /** Erases the line (for printing something else in its place). */
  clear() {
    if (this.#shown) this.out.write('\r\x1b[2K');
    this.#shown = false;
  }
}

export interface EpochLike {
  epoch: number;
  loss: number;
  valLoss?: number | null;
  metrics: unknown;
}

/** The metrics worth showing live: accuracy or mae, with their validation values. */
export function headlineMetrics(metrics: unknown): Array<[string, number]> {
  if (!metrics || typeof metrics !== 'object') return [];
  const m = metrics as Record<string, unknown>;
  const shown: Array<[string, number]> = [];
  for (const name of ['accuracy', 'acc', 'mae']) {
    if (typeof m[name] === 'number') shown.push([name, m[name] as number]);
    if (typeof m[`val_${name}`] === 'number') shown.push([`val_${name}`, m[`val_${name}`] as number]);
    if (shown.length) break;
  }
  return shown;
}

export function epochStats(epoch: EpochLike): string {
  const parts = [`loss ${formatNumber(epoch.loss)}`];
  if (epoch.valLoss !== null && epoch.valLoss !== undefined) parts.push(`val_loss ${formatNumber(epoch.valLoss)}`);
  for (const [name, value] of headlineMetrics(epoch.metrics)) parts.push(`${name} ${formatNumber(value)}`);
  return parts.join('  ');
}

/** `epoch 3/40  loss 0.52  val_loss 0.61`, for logs (not a TTY). */
export function epochLine(epoch: EpochLike, planned: number): string {
  return `epoch ${epoch.epoch}/${planned || '?'}  ${epochStats(epoch)}`;
}

/**
 * `Training ████████░░░░  3/40  loss 0.52  val_loss 0.61  accuracy 0.9  12.3s`, for a TTY. Drops
 * the less important figures when the line would not fit `maxWidth`.
 */
export function trainingBar(epoch: EpochLike | undefined, planned: number, elapsedMs: number, status: string, maxWidth = 100): string {
  const done = epoch?.epoch ?? 0;
  const label = status === 'QUEUED' ? 'Queued  ' : 'Training';
  const count = `${String(done).padStart(String(planned || 0).length)}/${planned || '?'}`;
  const variants: Array<EpochLike | undefined> = epoch
    ? [epoch, { ...epoch, metrics: Object.fromEntries(headlineMetrics(epoch.metrics).slice(0, 1)) }, { ...epoch, metrics: {} }, { ...epoch, valLoss: null, metrics: {} }]
    : [undefined];
  let text = '';
  for (const variant of variants) {
    const stats = variant ? `  ${epochStats(variant)}` : '';
    text = `${label} ${bar(planned ? done / planned : 0, 20)} ${count}${stats}  ${formatDuration(elapsedMs)}`;
    if ([...text].length < maxWidth) return text;
  }
  return text;
}

export function uploadBar(name: string, loaded: number, total: number | undefined): string {
  if (!total) return `Uploading ${name}  ${formatBytes(loaded)}`;
  const pct = Math.floor((loaded / total) * 100);
  return `Uploading ${name} ${bar(loaded / total)} ${String(pct).padStart(3)}%  ${formatBytes(loaded)} / ${formatBytes(total)}`;
}
