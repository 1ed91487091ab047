import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseView, DisputeRegistered, SubmitAccepted } from '@govflow/contracts';
import { unpackedItem } from '@govflow/platform';
import { startLocalStack } from '@govflow/local/stack';
import { archivedEvents } from '../../services/reporting/src/adapters/repository';
import { call, clientsFor, eventually, keysFor, staffToken, streetlightElsewhere, type Stack } from './harness';

/**
 * Issue 12 §3, the PII scans: one run through intake, dispatch (a department's comments) and
 * mediation (a dispute's narrative and parties), with every log line captured at DEBUG, then:
 * the logs, every event reporting archived, and the database files on disk hold none of the
 * phone, ID or bank numbers (nor the reporter's name) in the clear.
 */
const secrets = {
  mobile: '13787654321',
  landline: '0473-2134567',
  idNumber: '150303199203154560',
  card: '6222021234567890128',
  reporterName: '郝建国',
  partyPhone: '13598761234',
  partyId: '150302198506121239',
  commentPhone: '18647312345',
};
const clear = Object.values(secrets);

let stack: Stack;
let dataDir: string;
let stopped = false;
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
  dataDir = mkdtempSync(join(tmpdir(), 'govflow-pii-'));
  stack = await startLocalStack({ dataDir, port: 0, sweepIntervalMs: 300, logLevel: 'DEBUG' });
});

afterAll(async () => {
  if (!stopped) await stack?.stop();
  process.stdout.write = originalStdout;
  process.stderr.write = originalStderr;
  rmSync(dataDir, { recursive: true, force: true });
});

const found = (haystack: string) => clear.filter((value) => haystack.includes(value));

describe('personal data in a whole run', () => {
  it('appears in no log line, no event and no database file', async () => {
    const keys = keysFor(stack);
    const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', {
      ...streetlightElsewhere(),
      title: `路灯坏了，回电${secrets.mobile}`,
      description: `路灯不亮一个月了。座机${secrets.landline}，身份证号${secrets.idNumber}，补偿请打到卡号${secrets.card}。案号WH-20261124-000042，金额1500元。`,
      reporter: { name: secrets.reporterName, phone: secrets.mobile },
    });
    expect(accepted.status).toBe(202);
    const caseId = accepted.body.caseId;
    const dispatched = await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
      return res.body.status === 'dispatched' ? res.body : undefined;
    }, 30_000, 'the case to be dispatched');
    expect(found(JSON.stringify(dispatched))).toEqual([]);
    expect(dispatched.description).toContain('WH-20261124-000042');

    const department = staffToken(stack, dispatched.department!.id);
    expect((await call(stack, department, 'POST', `/v1/workorders/${caseId}/actions`, { type: 'sign' })).status).toBe(200);
    const resolved = await call(stack, department, 'POST', `/v1/workorders/${caseId}/actions`, { type: 'resolve', result: `已修复，联系了来电人${secrets.commentPhone}` });
    expect(resolved.status).toBe(200);
    expect(found(JSON.stringify(resolved.body))).toEqual([]);

    const dispute = await call<DisputeRegistered>(stack, keys.petition, 'POST', '/v1/disputes', {
      source: 'counter',
      type: 'neighbour',
      title: '楼上漏水',
      narrative: `楼上漏水泡坏天花板，对方电话${secrets.partyPhone}，身份证${secrets.partyId}。`,
      parties: [
        { role: 'applicant', kind: 'person', name: '王秀英', phone: secrets.partyPhone, idNumber: secrets.partyId, channel: 'own-channel' },
        { role: 'respondent', kind: 'person', name: '赵建国', phone: '13698765432', channel: 'counter' },
      ],
      location: { gridId: 'hbw-xinhua-2-g1' },
      consentToMediate: true,
    });
    expect(dispute.status).toBe(201);

    // Every event reporting archived: the case's, the work order's steps and the dispute's.
    const { doc } = clientsFor(stack);
    const archived = await eventually(async () => {
      const days = [...new Set([new Date().toISOString().slice(0, 10), new Date(Date.now() - 60_000).toISOString().slice(0, 10)])];
      const events = (await Promise.all(days.map((day) => doc.send(new QueryCommand({ TableName: stack.tableNames.reporting, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ARCHIVE#${day}` } })))))
        .flatMap((out) => out.Items ?? [])
        .flatMap((item) => archivedEvents(item) as { type: string; caseId?: string; payload: unknown }[]);
      const types = new Set(events.map((e) => e.type));
      return types.has('case.received') && types.has('workorder.resolved') && types.has('mediation.opened') ? events : undefined;
    }, 30_000, 'the case, work-order and dispute events in reporting’s archive');
    const eventText = JSON.stringify(archived);
    expect(eventText).toContain('137****4321');
    expect(found(eventText)).toEqual([]);

    // Large items are kept gzipped (ADR 0018), out of the files' grep's reach: read every table decoded.
    const tables = await Promise.all(
      Object.values(stack.tableNames).map(async (TableName) => ((await doc.send(new ScanCommand({ TableName }))).Items ?? []).map(unpackedItem)),
    );
    const decoded = tables.flat();
    expect(decoded.filter((item) => item.sk === 'RECORD').map((item) => (item.record as { caseId: string }).caseId)).toContain(caseId);
    expect(decoded.filter((item) => item.sk === 'CASE' && item.caseId === caseId).map((item) => item.reporterPhoneMasked)).toEqual(['137****4321']);
    expect(found(JSON.stringify(decoded))).toEqual([]);

    const logs = written.join('');
    expect(logs).toContain(caseId); // the services did log, at DEBUG, so this can fail
    expect(found(logs)).toEqual([]);

    // Stopped, so everything is flushed to the table files and the queue journal.
    await stack.stop();
    stopped = true;
    const grep = spawnSync('grep', ['-rIaoF', ...clear.flatMap((value) => ['-e', value]), dataDir], { encoding: 'utf8' });
    expect(grep.status, grep.stderr).toBe(1); // 1: no line matched
    expect(grep.stdout).toBe('');
    // ... while the masked forms are there to be found: the files are searchable, not compressed out of reach.
    expect(spawnSync('grep', ['-rIaqF', '137****4321', dataDir]).status).toBe(0);
    expect(statSync(join(dataDir, 'keys', 'pii.key')).mode & 0o777).toBe(0o600);
  }, 120_000);
});
