// Child process for validateOnnxModel: reads ONNX bytes on stdin, creates an ONNX Runtime session,
// runs one dummy row, and prints one JSON line on stdout. Isolated in its own process because a hostile
// or broken model can crash, hang or exhaust native code; the parent only trusts the JSON it reads back.
import { createSession, describeValues, dummyFeeds } from './ort-host.mjs';

function report(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function message(err) {
  return err instanceof Error ? err.message : String(err);
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const buf = Buffer.concat(chunks);
const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);

let session;
try {
  session = await createSession(bytes, { logSeverityLevel: 4, intraOpNumThreads: 1, interOpNumThreads: 1 });
} catch (err) {
  report({ ok: false, stage: 'load', error: message(err) });
  process.exit(0);
}

const inputs = describeValues(session.inputMetadata);
const outputs = describeValues(session.outputMetadata);
try {
  const out = await session.run(dummyFeeds(session.inputMetadata));
  const dummy = Object.fromEntries(Object.entries(out).map(([name, t]) => [name, [...t.dims]]));
  report({ ok: true, inputs, outputs, dummy });
} catch (err) {
  report({ ok: false, stage: 'run', error: message(err), inputs, outputs });
}
process.exit(0);
