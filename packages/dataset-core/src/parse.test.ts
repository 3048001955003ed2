import { describe, it, expect } from 'vitest';
import { parseRecords } from './parse.ts';
import { inferSchema } from './infer.ts';
import { chunked, expectCode, parseAll, plain } from './test-helpers.ts';

const CSV = { format: 'CSV' } as const;
const JSON_ = { format: 'JSON' } as const;
const JSONL = { format: 'JSONL' } as const;

describe('parseRecords: CSV', () => {
  it('parses a header and rows, with empty cells as null and line numbers', async () => {
    const text = 'mpg,cylinders,origin,name\n18,8,USA,chevrolet chevelle\n,4,Japan,datsun 510\nNA,6,,ford torino\n';
    const rows = await parseAll(text, CSV);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(plain(rows)).toEqual([
      { mpg: '18', cylinders: '8', origin: 'USA', name: 'chevrolet chevelle' },
      { mpg: null, cylinders: '4', origin: 'Japan', name: 'datsun 510' },
      { mpg: 'NA', cylinders: '6', origin: null, name: 'ford torino' },
    ]);
    expect(Object.keys(rows[0]!.values)).toEqual(['mpg', 'cylinders', 'origin', 'name']);
  });

  it('accepts quoted newlines, quoted delimiters and doubled quotes, reporting the start line', async () => {
    const text = 'id,comment\n1,"first line\nsecond line"\n2,"a, b and ""c"""\n3,plain\n';
    const rows = await parseAll(text, CSV, 3);
    expect(rows.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(rows[0]!.values['comment']).toBe('first line\nsecond line');
    expect(rows[1]!.values['comment']).toBe('a, b and "c"');
  });

  it('strips a UTF-8 BOM, even when it is split across chunks', async () => {
    const text = '\uFEFFa,b\n1,2\n';
    for (const size of [1, 2, 64]) {
      const rows = await parseAll(text, CSV, size);
      expect(Object.keys(rows[0]!.values)).toEqual(['a', 'b']);
    }
  });

  it('handles CRLF, blank lines, surrounding spaces and a missing final newline', async () => {
    const rows = await parseAll('a, b\r\n1 , 2\r\n\r\n3,4', CSV);
    expect(plain(rows)).toEqual([{ a: '1', b: '2' }, { a: '3', b: '4' }]);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('keeps multi-byte characters intact across chunk boundaries', async () => {
    const rows = await parseAll('city,emoji\nZürich,🚗\n東京,✓\n', CSV, 1);
    expect(plain(rows)).toEqual([{ city: 'Zürich', emoji: '🚗' }, { city: '東京', emoji: '✓' }]);
  });

  it('supports other delimiters and rejects invalid ones', async () => {
    expect(plain(await parseAll('a;b\n1;2\n', { format: 'CSV', delimiter: ';' }))).toEqual([{ a: '1', b: '2' }]);
    expect(plain(await parseAll('a\tb\n1\t2\n', { format: 'CSV', delimiter: '\t' }))).toEqual([{ a: '1', b: '2' }]);
    await expectCode(() => parseAll('a,b\n', { format: 'CSV', delimiter: '||' }), 'INVALID_SPEC');
  });

  it('reports a ragged row (too few fields) with its line', async () => {
    const err = await expectCode(() => parseAll('a,b,c\n1,2,3\n4,5,6\n7,8\n', CSV), 'RAGGED_ROW');
    expect(err.line).toBe(4);
    expect(err.message).toBe('line 4 has 2 fields, expected 3 (the header has 3 columns)');
  });

  it('reports a ragged row (too many fields) after a quoted newline with the right line', async () => {
    const err = await expectCode(() => parseAll('a,b\n1,"x\ny"\n2,3,4\n', CSV), 'RAGGED_ROW');
    expect(err.line).toBe(4);
    expect(err.message).toContain('line 4 has 3 fields, expected 2');
  });

  it('rejects duplicate header names and names empty ones', async () => {
    const err = await expectCode(() => parseAll('a,b,a\n1,2,3\n', CSV), 'DUPLICATE_COLUMN');
    expect(err.column).toBe('a');
    const rows = await parseAll(',x\n0,1\n', CSV);
    expect(plain(rows)).toEqual([{ column_1: '0', x: '1' }]);
  });

  it('reports an unclosed quote as a PARSE_ERROR with a line', async () => {
    const err = await expectCode(() => parseAll('a,b\n1,2\n3,"oops\n', CSV), 'PARSE_ERROR');
    expect(err.line).toBeGreaterThanOrEqual(3);
    expect(err.message).toMatch(/never closed/);
  });

  it('rejects an empty file, a whitespace-only file and a header-only file', async () => {
    expect((await expectCode(() => parseAll('', CSV), 'EMPTY_FILE')).message).toBe('the file is empty');
    await expectCode(() => parseAll('\n\n\n', CSV), 'EMPTY_FILE');
    await expectCode(() => parseAll('\uFEFF', CSV), 'EMPTY_FILE');
    const header = await expectCode(() => parseAll('a,b,c\n', CSV), 'EMPTY_FILE');
    expect(header.message).toMatch(/header row but no data rows/);
    await expectCode(() => parseAll('a,b,c', CSV), 'EMPTY_FILE');
  });

  it('enforces maxBytes', async () => {
    const text = 'a,b\n' + '1,2\n'.repeat(100); // 404 bytes
    expect(await parseAll(text, { format: 'CSV', maxBytes: 404 })).toHaveLength(100);
    const err = await expectCode(() => parseAll(text, { format: 'CSV', maxBytes: 403 }), 'TOO_LARGE');
    expect(err.message).toMatch(/larger than the 403 bytes limit/);
  });

  it('rejects a single record over maxRecordBytes (runaway quote)', async () => {
    const text = 'a,b\n1,"' + 'x'.repeat(5000) + '\n2,3\n';
    await expectCode(() => parseAll(text, { format: 'CSV', maxRecordBytes: 1000 }, 512), 'PARSE_ERROR');
  });
});

describe('parseRecords: encoding', () => {
  const bad = (prefix: string, bytes: number[], suffix = '\n') =>
    Buffer.concat([Buffer.from(prefix), Buffer.from(bytes), Buffer.from(suffix)]);

  it('rejects an invalid byte with its line and byte offset', async () => {
    const input = bad('a,b\n1,2\n3,', [0xff]);
    for (const size of [1, 3, 1024]) {
      const err = await expectCode(() => parseAll(input, CSV, size), 'INVALID_ENCODING');
      expect(err.line).toBe(3);
      expect(err.byteOffset).toBe(10);
      expect(err.message).toContain('invalid UTF-8 byte 0xFF at line 3 (byte offset 10)');
    }
  });

  it('rejects overlong encodings, surrogates and stray continuation bytes', async () => {
    for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x28, 0xa1]]) {
      const err = await expectCode(() => parseAll(bad('a\nx', bytes), CSV, 2), 'INVALID_ENCODING');
      expect(err.line).toBe(2);
      expect(err.byteOffset).toBe(3);
    }
  });

  it('reports an invalid continuation of a sequence split across chunks', async () => {
    // "é" lead byte 0xC3 at the end of one chunk, bad continuation "A" at the start of the next.
    const input = Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0xc3]), Buffer.from('A\n')]);
    const err = await expectCode(() => parseRecords([input.subarray(0, 5), input.subarray(5)], CSV).next(), 'INVALID_ENCODING');
    expect(err.line).toBe(3);
    expect(err.byteOffset).toBe(4);
  });

  it('gives an exact offset after multi-byte characters fed one byte at a time', async () => {
    const input = Buffer.concat([Buffer.from('a\n😀é\n'), Buffer.from([0xf8]), Buffer.from('\n')]);
    const err = await expectCode(() => parseAll(input, CSV, 1), 'INVALID_ENCODING');
    expect(err.line).toBe(3);
    expect(err.byteOffset).toBe(9); // 2 + 4 (emoji) + 2 (é) + 1 (newline)
  });

  it('rejects a file truncated in the middle of a character', async () => {
    const err = await expectCode(() => parseAll(bad('a\nb\n', [0xe2, 0x82], ''), CSV), 'INVALID_ENCODING');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/ends in the middle of a UTF-8 character/);
  });

  it('explains UTF-16 input', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]);
    const err = await expectCode(() => parseAll(utf16, CSV), 'INVALID_ENCODING');
    expect(err.message).toMatch(/UTF-16/);
  });

  it('applies to JSON formats too', async () => {
    await expectCode(() => parseAll(bad('{"a": "', [0xfe], '"}\n'), JSONL), 'INVALID_ENCODING');
    await expectCode(() => parseAll(bad('[{"a": "', [0xfe], '"}]'), JSON_), 'INVALID_ENCODING');
  });
});

describe('parseRecords: JSON array', () => {
  const doc = `[
  {"mpg": 18, "origin": "USA", "turbo": false, "note": "has } and \\" inside"},
  {"mpg": null, "origin": "Japan", "pixels": [[0, 255], [12, 3]]},
  {
    "mpg": 31.5,
    "origin": "Europe"
  }
]
`;

  it('streams records with their start lines and JSON types, across any chunking', async () => {
    for (const size of [1, 5, 4096]) {
      const rows = await parseAll(doc, JSON_, size);
      expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
      expect(plain(rows)).toEqual([
        { mpg: 18, origin: 'USA', turbo: false, note: 'has } and " inside' },
        { mpg: null, origin: 'Japan', pixels: [0, 255, 12, 3] },
        { mpg: 31.5, origin: 'Europe' },
      ]);
    }
  });

  it('handles a BOM and strings with escaped backslashes before quotes', async () => {
    const rows = await parseAll('\uFEFF[{"p": "C:\\\\dir\\\\", "q": "x"}]', JSON_, 1);
    expect(plain(rows)).toEqual([{ p: 'C:\\dir\\', q: 'x' }]);
  });

  it('does not treat __proto__ keys specially', async () => {
    const rows = await parseAll('[{"__proto__": "x", "a": 1}]', JSON_);
    expect(rows[0]!.values['__proto__']).toBe('x');
    expect(Object.keys(rows[0]!.values)).toEqual(['__proto__', 'a']);
  });

  it('rejects an element that is not an object, naming its line', async () => {
    const err = await expectCode(() => parseAll('[\n  {"a": 1},\n  42\n]', JSON_), 'PARSE_ERROR');
    expect(err.line).toBe(3);
    expect(err.message).toBe('line 3: array element 2 is a number, expected an object of column values');
    expect((await expectCode(() => parseAll('["x"]', JSON_), 'PARSE_ERROR')).message).toMatch(/is a string/);
    expect((await expectCode(() => parseAll('[[1]]', JSON_), 'PARSE_ERROR')).message).toMatch(/is an array/);
  });

  it('rejects nested objects and non-numeric arrays, naming the column', async () => {
    const nested = await expectCode(() => parseAll('[{"a": 1},\n{"b": {"c": 2}}]', JSON_), 'PARSE_ERROR');
    expect(nested.line).toBe(2);
    expect(nested.column).toBe('b');
    const arr = await expectCode(() => parseAll('[{"tags": ["x", "y"]}]', JSON_), 'PARSE_ERROR');
    expect(arr.column).toBe('tags');
  });

  it('rejects a top-level object, invalid JSON, trailing commas, garbage and truncation', async () => {
    expect((await expectCode(() => parseAll('{"a": 1}\n{"a": 2}', JSON_), 'PARSE_ERROR')).message).toMatch(/JSONL/);
    const syntax = await expectCode(() => parseAll('[\n{"a": 1},\n{"a": tru}]', JSON_), 'PARSE_ERROR');
    expect(syntax.line).toBe(3);
    await expectCode(() => parseAll('[{"a": 1},]', JSON_), 'PARSE_ERROR');
    await expectCode(() => parseAll('[{"a": 1}] x', JSON_), 'PARSE_ERROR');
    await expectCode(() => parseAll('[{"a": 1} {"a": 2}]', JSON_), 'PARSE_ERROR');
    const trunc = await expectCode(() => parseAll('[{"a": 1},\n{"a": 2', JSON_), 'PARSE_ERROR');
    expect(trunc.message).toMatch(/unexpected end of file/);
    expect(trunc.line).toBe(2);
  });

  it('rejects an empty file and an empty array', async () => {
    await expectCode(() => parseAll('  \n', JSON_), 'EMPTY_FILE');
    await expectCode(() => parseAll('[ ]', JSON_), 'EMPTY_FILE');
  });

  it('enforces maxRecordBytes per object', async () => {
    const big = `[{"a": "${'x'.repeat(3000)}"}]`;
    await expectCode(() => parseAll(big, { format: 'JSON', maxRecordBytes: 1000 }, 100), 'PARSE_ERROR');
  });
});

describe('parseRecords: JSON lines', () => {
  it('parses one object per line, skipping blank lines, with CRLF and no final newline', async () => {
    const text = '{"a": 1, "b": "x"}\r\n\r\n{"a": 2.5, "c": true}\n{"a": null, "img": [1,2,3]}';
    const rows = await parseAll(text, JSONL, 4);
    expect(rows.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(plain(rows)).toEqual([{ a: 1, b: 'x' }, { a: 2.5, c: true }, { a: null, img: [1, 2, 3] }]);
  });

  it('names the line of invalid JSON and of a value that is not an object', async () => {
    const syntax = await expectCode(() => parseAll('{"a": 1}\n{"a": }\n', JSONL), 'PARSE_ERROR');
    expect(syntax.line).toBe(2);
    expect(syntax.message).toMatch(/^line 2: the line is not valid JSON/);
    const notObject = await expectCode(() => parseAll('{"a": 1}\n{"a": 2}\n[1, 2]\n', JSONL), 'PARSE_ERROR');
    expect(notObject.line).toBe(3);
    expect(notObject.message).toBe('line 3: the line is an array, expected an object of column values');
    const scalar = await expectCode(() => parseAll('"hello"\n', JSONL), 'PARSE_ERROR');
    expect(scalar.message).toMatch(/is a string/);
  });

  it('rejects an empty file and overlong lines', async () => {
    await expectCode(() => parseAll('', JSONL), 'EMPTY_FILE');
    await expectCode(() => parseAll('\n \n', JSONL), 'EMPTY_FILE');
    await expectCode(() => parseAll(`{"a": "${'x'.repeat(3000)}"}\n`, { format: 'JSONL', maxRecordBytes: 1000 }, 100), 'PARSE_ERROR');
  });

  it('enforces maxBytes', async () => {
    await expectCode(() => parseAll('{"a": 1}\n'.repeat(100), { format: 'JSONL', maxBytes: 500 }), 'TOO_LARGE');
  });
});

describe('parseRecords: streaming', () => {
  it('pulls input lazily and stops reading when the consumer stops', async () => {
    let produced = 0;
    let closed = false;
    async function* source() {
      try {
        yield Buffer.from('a,b\n');
        for (let i = 0; i < 1_000_000; i++) {
          const chunk = Buffer.from(`${i},x\n`.repeat(100));
          produced += chunk.length;
          yield chunk;
        }
      } finally {
        closed = true;
      }
    }
    let seen = 0;
    for await (const r of parseRecords(source(), CSV)) {
      expect(r.values['b']).toBe('x');
      if (++seen === 10) break;
    }
    expect(produced).toBeLessThan(1024 * 1024); // nowhere near the 700+ MB the source could produce
    // The source is closed once the stream pipeline tears down.
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(true);
  });

  it('parses and profiles a ~20 MB generated CSV with bounded memory', async () => {
    const rowText = (i: number) =>
      `${i},${(i * 7919) % 1000 / 10},${['USA', 'Japan', 'Europe'][i % 3]},${i % 2 === 0 ? 'yes' : 'no'},"note ${i % 97}, with ""quotes"" and\na newline"\n`;
    const target = 20 * 1024 * 1024;
    let bytes = 0;
    let maxHeap = 0;
    const base = process.memoryUsage().heapUsed;
    async function* source() {
      yield Buffer.from('id,score,origin,flag,comment\n');
      let i = 0;
      while (bytes < target) {
        let s = '';
        while (s.length < 64 * 1024) s += rowText(i++);
        const buf = Buffer.from(s);
        bytes += buf.length;
        if ((i & 0xff) < 64) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
        yield buf;
      }
    }
    const schema = await inferSchema(parseRecords(source(), { format: 'CSV' }));
    maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    expect(bytes).toBeGreaterThanOrEqual(target);
    expect(schema.rowCount).toBeGreaterThan(200_000);
    expect(schema.columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'categorical', 'boolean', 'text']);
    // Holding the file (UTF-16 strings) plus one object per row would need several hundred MB.
    expect(maxHeap - base).toBeLessThan(120 * 1024 * 1024);
  }, 60_000);
});

describe('chunked helper', () => {
  it('splits bytes', () => {
    expect(chunked('abcdef', 4).map((c) => Buffer.from(c).toString())).toEqual(['abcd', 'ef']);
  });
});
