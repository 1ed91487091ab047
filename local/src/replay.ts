import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/** A request whose body was already read, made readable again for the next handler. */
export function replayRequest(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = Readable.from(body.length ? [body] : []) as unknown as IncomingMessage;
  copy.headers = req.headers;
  copy.method = req.method;
  copy.url = req.url;
  return copy;
}
