// bench/ingest: throughput (MB/s) and peak RSS of dataset ingest on a generated CSV, beside raw
// csv-parse throughput measured in the same run.
//
//   npx tsx bench/ingest.ts              # 200 MB
//   BENCH_INGEST_MB=50 npx tsx bench/ingest.ts
//
// The parent process generates a seeded CSV into a temp folder (streamed to disk), then runs each
// phase in its own child process, so every phase's peak RSS is its own (kernel maxRSS, plus RSS
// sampled every 50 ms). All phases read the same file, which the generator just wrote, so it is
// normally in the page cache: these are CPU figures, not disk figures.
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { createPrng } from '@modelgraph/dataset-core';

const MB = 1_000_000; // decimal megabytes, as in "MB/s"
const SEED = 20240601;

// ------------------------------------------------------------------------------------- phases

const PHASES = [
  { name: 'csv-parse', label: 'csv-parse, defaults (baseline)' },
  { name: 'csv-parse-platform-options', label: 'csv-parse, parseRecords options' },
  { name: 'parse-stats', label: 'parseRecords + SchemaAccumulator' },
  { name: 'ingest', label: 'ingestDatasetVersion (full)' },
] as const;
type PhaseName = (typeof PHASES)[number]['name'];

interface PhaseResult {
  phase: PhaseName;
  bytes: number;
  rows: number;
  seconds: number;
  startRss: number;
  peakRss: number;
  note?: string;
}

async function runPhase(phase: PhaseName, file: string, workDir: string): Promise<PhaseResult> {
  const bytes = (await stat(file)).size;
  const maxBytes = Math.max(1024 ** 3, bytes + 1);
  // Load the code under test before the clock and the RSS baseline start.
  const { parse } = await import('csv-parse');
  const core = await import('@modelgraph/dataset-core');
  const { LocalArtifactStore } = await import('@modelgraph/artifact-store');
  const { ingestDatasetVersion } = await import('../apps/gateway/src/services/datasets/ingest.ts');

  const startRss = process.memoryUsage().rss;
  let sampled = startRss;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  let rows = 0;
  let note: string | undefined;

  switch (phase) {
    case 'csv-parse':
    case 'csv-parse-platform-options': {
      const parser =
        phase === 'csv-parse'
          ? parse()
          : // The options dataset-core's parseRecords gives csv-parse (it feeds decoded text, not bytes).
            parse({ delimiter: ',', info: true, bom: false, trim: true, skip_empty_lines: true, relax_column_count: true, max_record_size: 8 * 1024 * 1024 });
      const reading = pipeline(createReadStream(file), parser);
      for await (const _record of parser) rows++;
      await reading;
      rows -= 1; // header
      break;
    }
    case 'parse-stats': {
      const accumulator = new core.SchemaAccumulator();
      for await (const record of core.parseRecords(createReadStream(file), { format: 'CSV', maxBytes })) {
        accumulator.add(record.values, record.line);
      }
      const schema = accumulator.finish();
      rows = schema.rowCount;
      note = schema.columns.map((c) => `${c.name}:${c.type}`).join(' ');
      break;
    }
    case 'ingest': {
      const store = new LocalArtifactStore(path.join(workDir, 'store'));
      const result = await ingestDatasetVersion({
        store,
        masterKey: Buffer.alloc(32, 7),
        tenantId: 'bench-tenant',
        datasetId: 'bench-dataset',
        source: createReadStream(file),
        options: { format: 'CSV', labelColumn: 'label', maxBytes },
      });
      rows = result.rowCount;
      const split = result.split.counts;
      note = `${(result.byteSize / MB).toFixed(1)} MB hashed, encrypted and stored; split train/validation/test ${split.train}/${split.validation}/${split.test}; preprocessing fitted on train`;
      break;
    }
  }

  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const maxRss = process.resourceUsage().maxRSS * 1024; // kernel high-water mark, in KiB
  return { phase, bytes, rows, seconds, startRss, peakRss: Math.max(maxRss, sampled), ...(note ? { note } : {}) };
}

// ----------------------------------------------------------------------------------- generator

const REGIONS = [
  'north', 'south', 'east', 'west', 'central', 'north-east', 'north-west', 'south-east', 'south-west', 'coastal',
  'highlands', 'lowlands', 'metro', 'suburban', 'rural', 'island', 'valley', 'plateau', 'delta', 'frontier',
];
const WORDS = (
  'quick brown fox jumps over lazy dog data model train predict score value great poor fine ' +
  'service delivery price quality support late early broken works again never always maybe ' +
  'refund order account login app slow fast friendly helpful rude clean noisy cheap costly'
).split(' ');
const HEADER = 'age,income,score,balance,visits,ratio,region,comment,signup_date,label\n';
const DAY_MS = 86_400_000;
const DATE_START = Date.UTC(2015, 0, 1);

/** Writes a seeded CSV of at least `targetBytes` bytes to `file`, streaming. Returns bytes and rows. */
async function generateCsv(file: string, targetBytes: number): Promise<{ bytes: number; rows: number }> {
  const prng = createPrng(SEED);
  const maybe = (p: number) => prng.next() < p;
  const out = createWriteStream(file);
  let bytes = 0;
  let rows = 0;
  out.write(HEADER);
  bytes += HEADER.length;
  while (bytes < targetBytes) {
    const lines: string[] = [];
    for (let i = 0; i < 4096; i++) {
      const age = 18 + prng.nextInt(70);
      const income = Math.round(15_000 + prng.next() * prng.next() * 180_000);
      const score = (prng.next() * 100).toFixed(2);
      const balance = ((prng.next() - 0.3) * 20_000).toFixed(2);
      const visits = prng.nextInt(40);
      const ratio = prng.next().toFixed(4);
      const region = REGIONS[prng.nextInt(REGIONS.length)]!;
      const words: string[] = [];
      const n = 2 + prng.nextInt(6);
      for (let w = 0; w < n; w++) words.push(WORDS[prng.nextInt(WORDS.length)]!);
      // Some comments contain a comma or a quote, so they are quoted as a CSV field.
      let comment = words.join(' ');
      if (maybe(0.05)) comment = `"${words.slice(0, 2).join(' ')}, ${words.slice(2).join(' ')}"`;
      else if (maybe(0.01)) comment = `"she said ""${words[0]}"" twice"`;
      const date = new Date(DATE_START + prng.nextInt(3650) * DAY_MS).toISOString().slice(0, 10);
      const signal = income / 200_000 + Number(score) / 100 + (region.startsWith('north') ? 0.3 : 0) + prng.next() * 0.6;
      const label = signal < 0.8 ? 'low' : signal < 1.3 ? 'mid' : 'high';
      const line = [
        maybe(0.03) ? '' : age,
        maybe(0.08) ? '' : income,
        maybe(0.02) ? 'NA' : score,
        balance,
        maybe(0.05) ? '' : visits,
        ratio,
        maybe(0.01) ? '' : region,
        maybe(0.1) ? '' : comment,
        maybe(0.02) ? '' : date,
        label,
      ].join(',');
      lines.push(line);
    }
    const chunk = `${lines.join('\n')}\n`;
    rows += lines.length;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes, rows };
}

// ------------------------------------------------------------------------------------ reporting

function printTable(results: PhaseResult[], generated: { bytes: number; rows: number; seconds: number }) {
  const baseline = results.find((r) => r.phase === 'csv-parse');
  const baseRate = baseline ? baseline.bytes / MB / baseline.seconds : NaN;
  const header = ['phase', 'MB', 'seconds', 'MB/s', 'peak RSS MB', 'vs csv-parse', 'RSS at start MB'];
  const body = results.map((r) => {
    const rate = r.bytes / MB / r.seconds;
    return [
      PHASES.find((p) => p.name === r.phase)!.label,
      (r.bytes / MB).toFixed(1),
      r.seconds.toFixed(2),
      rate.toFixed(1),
      (r.peakRss / MB).toFixed(0),
      `${(rate / baseRate).toFixed(2)}x`,
      (r.startRss / MB).toFixed(0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const cpus = os.cpus();
  console.log('');
  console.log(
    `bench/ingest: ${(generated.bytes / MB).toFixed(1)} MB CSV, ${generated.rows.toLocaleString('en-US')} rows x 10 columns ` +
      `(generated in ${generated.seconds.toFixed(1)} s); node ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}`,
  );
  console.log('');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(fmt(row));
  console.log('');
  for (const r of results) {
    if (r.rows !== generated.rows) console.log(`! ${r.phase}: counted ${r.rows} rows, generated ${generated.rows}`);
    if (r.note) console.log(`  ${r.phase}: ${r.note}`);
  }
  console.log('  MB = 10^6 bytes of CSV input. Full ingest also encrypts + stores the file, then reads it back');
  console.log('  (decrypt + parse) for the split and preprocessing fit, so it handles the data twice.');
  console.log('  Peak RSS is per phase (own process), including Node/tsx startup (see "RSS at start").');
}

// ----------------------------------------------------------------------------------------- main

async function main() {
  const phase = process.env.BENCH_INGEST_PHASE as PhaseName | undefined;
  if (phase) {
    // Child: run one phase and report to the parent.
    const result = await runPhase(phase, process.env.BENCH_INGEST_FILE!, process.env.BENCH_INGEST_WORK!);
    process.send!(result, () => process.disconnect());
    return;
  }

  const raw = process.env.BENCH_INGEST_MB ?? '200';
  const targetMb = Number(raw);
  if (!Number.isFinite(targetMb) || targetMb <= 0) throw new Error(`BENCH_INGEST_MB must be a positive number of MB, got ${JSON.stringify(raw)}`);

  const workDir = await mkdtemp(path.join(os.tmpdir(), 'mg-bench-ingest-'));
  const cleanup = () => rm(workDir, { recursive: true, force: true });
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const file = path.join(workDir, 'data.csv');
    process.stdout.write(`generating ${targetMb} MB CSV in ${workDir} ... `);
    const genStart = performance.now();
    const generated = await generateCsv(file, targetMb * MB);
    const genSeconds = (performance.now() - genStart) / 1000;
    console.log(`${(generated.bytes / MB).toFixed(1)} MB, ${generated.rows.toLocaleString('en-US')} rows, ${genSeconds.toFixed(1)} s`);

    const results: PhaseResult[] = [];
    for (const { name, label } of PHASES) {
      process.stdout.write(`  ${label} ... `);
      const phaseWork = await mkdtemp(path.join(workDir, `${name}-`));
      const result = await runChild(name, file, phaseWork);
      await rm(phaseWork, { recursive: true, force: true });
      console.log(`${result.seconds.toFixed(2)} s`);
      results.push(result);
    }
    printTable(results, { ...generated, seconds: genSeconds });
  } finally {
    await cleanup();
  }
}

async function runChild(phase: PhaseName, file: string, workDir: string): Promise<PhaseResult> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_INGEST_PHASE: phase, BENCH_INGEST_FILE: file, BENCH_INGEST_WORK: workDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result: PhaseResult | undefined;
  child.on('message', (message: PhaseResult) => {
    result = message;
  });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code !== 0 || !result) throw new Error(`phase ${phase} failed (exit code ${code}${signal ? `, signal ${signal}` : ''})`);
  return result;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
