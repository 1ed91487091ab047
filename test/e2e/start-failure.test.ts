import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '@govflow/local/stack';

/** The process's open sockets, listening and connected. */
const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length;

describe('a local system that cannot start', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => blocker.close(() => r())));

  it('fails with the cause and leaves no server listening, so the process can exit', async () => {
    const before = sockets();
    // The gateway's port is taken: it fails after the DynamoDB, SQS and object servers and every function's worker have started.
    await expect(startLocalStack({ inMemory: true, port })).rejects.toThrow(/EADDRINUSE/);
    // Closed sockets leave the list on a later turn of the event loop.
    const deadline = Date.now() + 5_000;
    while (sockets() > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sockets()).toBe(before);
  }, 60_000);
});
