import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { CallbackNotice } from '@govflow/contracts';
import { apiClient } from './api-client';
import type { LocalInfo } from './local-client';

/** Notices printed as they arrive before the demo only counts them. */
const shownLive = 8;

/**
 * The demo's partner receiver: an HTTP server on this machine, registered as the hotline
 * partner's callback endpoint; it checks every notice's Standard Webhooks signature with the
 * secret the registration returned, as a partner would, and prints the first few as they arrive.
 */
export async function startCallbackReceiver(info: LocalInfo, partnerKey: string) {
  const notices: CallbackNotice[] = [];
  const seen = new Set<string>();
  let badSignatures = 0;
  // The secret comes with the registration, which needs the server's address first.
  const verifier: { webhook?: Webhook } = {};
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      try {
        const notice = CallbackNotice.parse(verifier.webhook!.verify(body, req.headers as Record<string, string>));
        // At least once: a repeat carries the same webhook-id.
        if (!seen.has(notice.data.eventId)) {
          seen.add(notice.data.eventId);
          notices.push(notice);
          if (notices.length <= shownLive) console.log(`\n  ⇠ notice ${notice.data.caseNumber} #${notice.data.sequence} ${notice.type}: ${notice.data.message}`);
          if (notices.length === shownLive) console.log('  (further notices are counted; the summary follows)');
        }
        res.writeHead(204).end();
      } catch {
        badSignatures++;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/govflow-notices`;
  const client = apiClient(info.apiUrl, partnerKey);
  const { data: registered, error, response } = await client.POST('/v1/partners/me/callbacks', { body: { url, description: 'npm run demo' } });
  if (!registered) throw new Error(`registering the demo receiver failed: HTTP ${response.status} ${JSON.stringify(error)}`);
  verifier.webhook = new Webhook(registered.secret);
  console.log(`Partner callbacks: a receiver at ${url} is registered for hotline-12345 (${registered.id}); notices are verified with its whsec_ secret.`);

  return {
    notices,
    /** Prints what arrived, unregisters the receiver and stops it. */
    async finish() {
      const byType = new Map<string, number>();
      for (const n of notices) byType.set(n.type, (byType.get(n.type) ?? 0) + 1);
      console.log(`\nPartner callbacks: ${notices.length} notices received, ${badSignatures} with a bad signature.`);
      console.log(`  ${'notice'.padEnd(28)}count`);
      for (const [type, count] of [...byType].sort((a, b) => b[1] - a[1])) console.log(`  ${type.padEnd(28)}${String(count).padStart(5)}`);
      const byCase = new Map<string, CallbackNotice[]>();
      for (const n of notices) byCase.set(n.data.caseId, [...(byCase.get(n.data.caseId) ?? []), n]);
      const longest = [...byCase.values()].sort((a, b) => b.length - a.length)[0];
      if (longest) {
        console.log(`  one case as its partner heard it (${longest[0]!.data.caseNumber}):`);
        for (const n of longest) console.log(`    #${n.data.sequence} ${n.type.padEnd(26)} ${n.data.message}`);
        const inOrder = [...byCase.values()].every((list) => list.every((n, i) => i === 0 || n.data.sequence > list[i - 1]!.data.sequence));
        console.log(`  every case's notices arrived in sequence order: ${inOrder ? 'yes' : 'NO'}`);
      }
      await client.DELETE('/v1/partners/me/callbacks/{callbackId}', { params: { path: { callbackId: registered.id } } });
      await new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
    },
  };
}
