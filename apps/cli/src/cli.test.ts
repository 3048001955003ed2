import { ModelGraphError } from '@modelgraph/sdk';
import { describe, expect, it } from 'vitest';
import { parseExpiry } from './commands/keys.ts';
import { CliError, EXIT, UsageError, exitCodeFor } from './framework.ts';
import { detectFormat, parseCsv, parseRecords, parseTensors } from './input.ts';
import { formatAgo, formatBytes, formatDuration, formatNumber, table, visibleLength } from './output.ts';
import { bar, epochLine, trainingBar, uploadBar } from './progress.ts';
import { resolveServer } from './server.ts';

describe('input', () => {
  it('parses RFC 4180 CSV', () => {
    expect(parseCsv('a,b\r\n"x, ""y""",2\n\n3,\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', '2'],
      ['3', ''],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(CliError);
  });

  it('reads records from CSV (typed cells), JSON and JSON lines', () => {
    expect(detectFormat('  [{"a":1}]')).toBe('json');
    expect(detectFormat('{"a":1}\n{"a":2}\n')).toBe('jsonl');
    expect(detectFormat('{\n  "a": 1\n}\n')).toBe('json');
    expect(detectFormat('a,b\n1,2')).toBe('csv');
    expect(parseRecords('name,x,y\nfoo,1.5,\nbar,-2e3,7\n')).toEqual([
      { name: 'foo', x: 1.5, y: null },
      { name: 'bar', x: -2000, y: 7 },
    ]);
    expect(parseRecords('{"a":1}')).toEqual([{ a: 1 }]);
    expect(parseRecords('{"a":1}\n{"a":2}')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => parseRecords('a,b\n1\n')).toThrow(/line 2 has 1 fields/);
    expect(() => parseRecords('[1]')).toThrow(/record 1 is not a JSON object/);
    expect(() => parseRecords('  ')).toThrow(/no input/);
  });

  it('reads tensors from JSON or CSV (an optional header row)', () => {
    expect(parseTensors('[[1,2],[3,4]]')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseTensors('[1,2]')).toEqual([[1, 2]]);
    expect(parseTensors('f1,f2\n1,2\n3,4\n')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => parseTensors('[["a"]]')).toThrow(/not an array of finite numbers/);
  });
});

describe('output', () => {
  it('aligns tables, right-aligning numbers', () => {
    const text = table(
      [
        { id: 'a', n: 5 },
        { id: 'bbbb', n: 120 },
      ],
      [
        { header: 'ID', value: (r) => r.id },
        { header: 'N', value: (r) => String(r.n), align: 'right' },
      ],
    );
    expect(text).toBe('ID      N\na       5\nbbbb  120\n');
    expect(visibleLength('\x1b[1mab\x1b[22m')).toBe(2);
  });

  it('formats sizes, durations, ages and metrics', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(13_500)).toBe('13.2 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
    expect(formatDuration(450)).toBe('450ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(125_000)).toBe('2m05s');
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatAgo('2026-01-01T11:59:58Z', now)).toBe('just now');
    expect(formatAgo('2026-01-01T11:57:00Z', now)).toBe('3m ago');
    expect(formatAgo('2025-01-01T00:00:00Z', now)).toBe('2025-01-01');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(1234.5678)).toBe('1235');
    expect(formatNumber(0.00001234)).toBe('1.234e-5');
    expect(formatNumber(null)).toBe('-');
  });

  it('draws progress that fits the terminal', () => {
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    const epoch = { epoch: 3, loss: 0.5, valLoss: 0.6, metrics: { accuracy: 0.9, val_accuracy: 0.85 } };
    expect(epochLine(epoch, 10)).toBe('epoch 3/10  loss 0.5  val_loss 0.6  accuracy 0.9  val_accuracy 0.85');
    const wide = trainingBar(epoch, 10, 12_300, 'RUNNING', 200);
    expect(wide).toBe(`Training ${'██████░░░░░░░░░░░░░░'}  3/10  loss 0.5  val_loss 0.6  accuracy 0.9  val_accuracy 0.85  12.3s`);
    const narrow = trainingBar(epoch, 10, 12_300, 'RUNNING', 80);
    expect([...narrow].length).toBeLessThan(80);
    expect(narrow).toContain('loss 0.5');
    expect(trainingBar(undefined, 10, 0, 'QUEUED')).toBe(`Queued   ${'░'.repeat(20)}  0/10  0ms`);
    expect(uploadBar('f.csv', 512, 1024)).toBe(`Uploading f.csv ${'█'.repeat(12)}${'░'.repeat(12)}  50%  512 B / 1.0 KiB`);
  });
});

describe('commands', () => {
  it('pick the server and key: flag, then environment, then the config file', () => {
    const config = { current: 'http://a:1', hosts: { 'http://a:1': { apiKey: 'stored-a' }, 'http://b:2': { apiKey: 'stored-b' } } };
    expect(resolveServer({}, {}, config)).toEqual({ url: 'http://a:1', apiKey: 'stored-a', keySource: 'config' });
    expect(resolveServer({ url: 'http://b:2/graphql' }, {}, config)).toEqual({ url: 'http://b:2', apiKey: 'stored-b', keySource: 'config' });
    expect(resolveServer({}, { MODELGRAPH_URL: 'http://c:3', MODELGRAPH_API_KEY: 'env' }, config)).toEqual({ url: 'http://c:3', apiKey: 'env', keySource: 'env' });
    expect(resolveServer({ apiKey: 'flag' }, { MODELGRAPH_API_KEY: 'env' }, config).apiKey).toBe('flag');
    // A stored key is never sent to another server.
    expect(resolveServer({ url: 'http://c:3' }, {}, config)).toEqual({ url: 'http://c:3', apiKey: undefined, keySource: undefined });
    expect(resolveServer({}, {}, { hosts: {} }).url).toBe('http://localhost:4000');
  });

  it('map errors to exit codes', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(EXIT.USAGE);
    expect(exitCodeFor(new ModelGraphError('FORBIDDEN', 'x'))).toBe(3);
    expect(exitCodeFor(new ModelGraphError('UNAUTHENTICATED', 'x'))).toBe(3);
    expect(exitCodeFor(new ModelGraphError('NOT_FOUND', 'x'))).toBe(4);
    expect(exitCodeFor(new ModelGraphError('GATE_FAILED', 'x'))).toBe(5);
    expect(exitCodeFor(new ModelGraphError('NETWORK_ERROR', 'x'))).toBe(1);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });

  it('read key expiries as dates or durations', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseExpiry('30d', now)).toBe('2026-01-31T00:00:00.000Z');
    expect(parseExpiry('12h', now)).toBe('2026-01-01T12:00:00.000Z');
    expect(parseExpiry('2027-02-03', now)).toBe('2027-02-03T00:00:00.000Z');
    expect(() => parseExpiry('soon', now)).toThrow(UsageError);
  });
});
