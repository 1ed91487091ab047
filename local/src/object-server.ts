import { createRequire } from 'node:module';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4 } from './sigv4';

const require = createRequire(import.meta.url);

interface S3rverApp {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  configureBuckets(): Promise<void>;
}
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverApp;
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };

export interface ObjectServerOptions {
  /** Where objects are kept (they survive a restart); a fresh temporary folder when testing. */
  directory: string;
  bucket: string;
  /** The access keys clients sign with. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Origins a browser may upload from (the bucket's CORS rule). */
  corsOrigins: readonly string[];
}

export interface ObjectServer {
  endpoint: string;
  close(): Promise<void>;
}

function corsXml(origins: readonly string[]): string {
  const origin = origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('');
  return (
    '<CORSConfiguration><CORSRule>' +
    origin +
    '<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>' +
    '<AllowedHeader>content-type</AllowedHeader><AllowedHeader>content-disposition</AllowedHeader>' +
    '<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>' +
    '</CORSRule></CORSConfiguration>'
  );
}

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/**
 * The S3 protocol on a loopback port: objects, buckets, CORS and copies kept on disk by
 * s3rver, behind a front that verifies every request's SigV4 signature as S3 does
 * (s3rver 3.7 accepts any SigV4 signature; see ADR 0010). CORS preflights carry no
 * signature, as on S3.
 */
export async function startObjectServer(options: ObjectServerOptions): Promise<ObjectServer> {
  DUMMY_ACCOUNT.createKeyPair(options.credentials.accessKeyId, options.credentials.secretAccessKey);
  const store = new S3rver({
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: options.bucket, configs: [corsXml(options.corsOrigins)] }],
  });
  await store.configureBuckets();
  const handle = store.callback();
  const secretOf = (id: string) => (id === options.credentials.accessKeyId ? options.credentials.secretAccessKey : undefined);
  const server: Server = createServer((req, res) => {
    if (req.method === 'OPTIONS') return handle(req, res);
    const verdict = verifySigV4({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, secretOf, new Date());
    if (!verdict.ok) {
      // The body is not read: close the connection rather than drain an upload that was refused.
      s3Error(res, verdict.status, verdict.code, verdict.message);
      req.resume();
      return;
    }
    handle(req, res);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
