/** The request body, within API Gateway's payload limit. */
import type { IncomingMessage } from 'node:http';

/** API Gateway's REST API payload limit: 10 MB. */
export const maxRequestBytesDefault = 10 * 1024 * 1024;

export class PayloadTooLarge extends Error {}

/**
 * Reads the body up to `limit` bytes. Over the limit it keeps draining (without keeping) and then rejects with
 * `PayloadTooLarge`, so the 413 reaches a client that is still sending instead of a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new PayloadTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}
