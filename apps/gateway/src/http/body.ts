import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds the limit of ${limit} bytes`);
  }
}

/**
 * Reads a request body into memory, refusing anything over `limit` bytes (by Content-Length first,
 * then while reading). On refusal the rest of the upload is discarded, not buffered, so the client
 * can still read the 413 response.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  // Inline, unnamed callbacks: this runs once per request on the hot path.
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return refuseBody(req, limit, reject);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.removeAllListeners('data');
      refuseBody(req, limit, reject);
    });
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function refuseBody(req: IncomingMessage, limit: number, reject: (error: Error) => void): void {
  req.resume();
  cutOffIfStillSending(req);
  reject(new BodyTooLargeError(limit));
}

/**
 * After refusing a body (its rest is being discarded), cut off a client that keeps streaming for
 * more than `graceMs`. Only while this request's body is still arriving: once it has ended, the
 * keep-alive socket may already carry the client's next request.
 */
export function cutOffIfStillSending(req: IncomingMessage, graceMs = 5_000): void {
  if (req.complete) return;
  const socket = req.socket;
  const timer = setTimeout(() => {
    if (!req.complete) socket.destroy();
  }, graceMs);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
}
