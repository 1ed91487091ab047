import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseView, SubmitAccepted } from '@govflow/contracts';
import { repositoryRoot } from '@govflow/local/functions';
import { freePort } from '@govflow/local/servers';
import { eventually, streetlightElsewhere } from './harness';

const dataDir = mkdtempSync(join(tmpdir(), 'govflow-crash-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` as a separate process on the test's data directory; resolves once it serves. */
async function start(run: string): Promise<{ child: ChildProcess; apiUrl: string; key: string; output: string }> {
  const infoPath = join(dataDir, 'local.json');
  rmSync(infoPath, { force: true });
  const output = join(dataDir, `${run}.log`);
  const log = openSync(output, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/src/main.ts'], {
    cwd: repositoryRoot,
    env: { ...process.env, GOVFLOW_DATA_DIR: dataDir, PORT: String(await freePort()), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', log, log],
  });
  children.push(child);
  const info = await eventually(async () => (existsSync(infoPath) ? (JSON.parse(readFileSync(infoPath, 'utf8')) as { apiUrl: string; apiKey: string }) : undefined), 120_000, 'the system to start');
  return { child, apiUrl: info.apiUrl, key: info.apiKey, output };
}

const settled = new Set(['dispatched', 'mediation-opened', 'triage', 'linked']);

describe('a crash of the whole local system (kill -9) mid-load', () => {
  it('loses no accepted case: after a restart on the same data every case that got a 202 reaches its routed state', async () => {
    const first = await start('first');
    const accepted: string[] = [];
    let killed = false;
    const submit = async () => {
      const res = await fetch(`${first.apiUrl}/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(streetlightElsewhere()),
      }).catch(() => undefined);
      if (res?.status === 202) accepted.push(((await res.json()) as SubmitAccepted).caseId);
      // Kill while requests, queue messages and the relays' sends are all in flight.
      if (accepted.length === 60 && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    };
    for (let i = 0; i < 100 && !killed; i += 10) await Promise.all(Array.from({ length: 10 }, submit));
    expect(killed).toBe(true);
    await new Promise((r) => first.child.once('exit', r));

    const second = await start('second');
    // What the restart found to repair: transactions taken back, messages sent again.
    for (const line of readFileSync(second.output, 'utf8').split('\n')) if (/took back|resent/.test(line)) console.log(line.trim());
    // Where each case not yet routed stands, so a failure says which step never happened.
    const unsettled = new Map(accepted.map((caseId) => [caseId, 'unread']));
    await eventually(
      async () => {
        for (const caseId of [...unsettled.keys()].slice(0, 20)) {
          const res = await fetch(`${second.apiUrl}/v1/requests/${caseId}`, { headers: { authorization: `Bearer ${second.key}` } });
          const view = res.status === 200 ? ((await res.json()) as CaseView) : undefined;
          if (view && settled.has(view.status)) unsettled.delete(caseId);
          else unsettled.set(caseId, view?.status ?? `HTTP ${res.status}`);
        }
        if (unsettled.size > 0) throw new Error(`${unsettled.size} of ${accepted.length} accepted cases not routed yet: ${JSON.stringify(Object.fromEntries(unsettled))}`);
        return true;
      },
      // Generous: on a loaded 2-core machine (the whole suite running beside it) a restart, its resent
      // backlog and the relays reading their streams from their last position take a while; loss never catches up.
      240_000,
      'every accepted case to be routed after the restart',
    );
    expect(accepted.length).toBeGreaterThanOrEqual(60);
    second.child.kill('SIGTERM');
  }, 480_000);
});
