// Worker thread hosting ONNX Runtime sessions for SessionPool, so heavy inference runs off the
// gateway's event loop. Protocol (all replies carry the request id):
//   { op: 'load', id, sid, bytes, options, warmup } → { inputs, outputs, warmupMs, warmupError }
//   { op: 'run', id, sid, feeds }                   → raw outputs (buffers transferred)
//   { op: 'release', id, sid }                      → null
import { parentPort } from 'node:worker_threads';
import { loadSession, runRaw, transferables } from './ort-host.mjs';

const sessions = new Map();

function fail(id, err) {
  parentPort.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
}

async function handle(msg) {
  const { id, sid } = msg;
  try {
    if (msg.op === 'load') {
      const { session, ...info } = await loadSession(msg.bytes, msg.options, msg.warmup);
      sessions.set(sid, session);
      parentPort.postMessage({ id, ok: true, result: info });
    } else if (msg.op === 'run') {
      const session = sessions.get(sid);
      if (!session) throw new Error(`session ${sid} is not loaded in this worker`);
      const out = await runRaw(session, msg.feeds);
      parentPort.postMessage({ id, ok: true, result: out }, transferables(out));
    } else if (msg.op === 'release') {
      const session = sessions.get(sid);
      sessions.delete(sid);
      await session?.release();
      parentPort.postMessage({ id, ok: true, result: null });
    } else {
      throw new Error(`unknown op ${msg.op}`);
    }
  } catch (err) {
    fail(id, err);
  }
}

parentPort.on('message', (msg) => void handle(msg));
