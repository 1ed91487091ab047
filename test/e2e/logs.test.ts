import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, type Stack } from './harness';

let stack: Stack;
const written: string[] = [];
const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  const capture = (chunk: unknown) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300, logLevel: 'DEBUG' });
});

afterAll(async () => {
  await stack?.stop();
  process.stdout.write = originalStdout;
  process.stderr.write = originalStderr;
});

describe('logs', () => {
  it('never carry the reporter phone, even at DEBUG level through the whole pipeline', async () => {
    const keys = keysFor(stack);
    const phone = '13987654321';
    const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', {
      channel: 'hotline-12345',
      kind: 'complaint',
      title: '楼道灯不亮',
      description: '楼道里的灯坏了好久了，晚上上下楼很危险。',
      location: { address: '海勃湾区新华街道' },
      reporter: { name: '李先生', phone },
    });
    expect(accepted.status).toBe(202);
    await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${accepted.body.caseId}`);
      return ['dispatched', 'triage'].includes(res.body.status) ? true : undefined;
    }, 20_000, 'the case to settle');
    const logs = written.join('');
    // The services did log (so this test can fail), but not the number.
    expect(logs).toContain(accepted.body.caseId);
    expect(logs).not.toContain(phone);
  });

  it('never carry what an Open311 form names of the reporter, nor its api_key', async () => {
    const keys = keysFor(stack);
    const secrets = { phone: '13987650000', email: 'li.xiansheng@example.org', name: '先生李' };
    const form = new URLSearchParams({
      api_key: keys.hotline,
      service_code: 'urban-streetlight',
      address_string: '海勃湾区新华街道',
      description: `楼道里的灯坏了好久了，回电 ${secrets.phone}`,
      phone: secrets.phone,
      email: secrets.email,
      first_name: '先生',
      last_name: '李',
    });
    const res = await fetch(`${stack.apiUrl}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(res.status).toBe(200);
    const [accepted] = (await res.json()) as [{ token: string }];
    const token = accepted.token;
    await eventually(async () => {
      const view = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${token}`);
      return ['dispatched', 'triage', 'linked'].includes(view.body.status) ? true : undefined;
    }, 20_000, 'the Open311 case to settle');
    const logs = written.join('');
    expect(logs).toContain(token);
    for (const secret of [...Object.values(secrets), keys.hotline]) expect(logs).not.toContain(secret);
  });
});
