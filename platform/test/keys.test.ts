import { describe, expect, it } from 'vitest';
import { hashApiKey, verifyApiKey } from '../src/auth';
import { checkApiKey, checkStoredKey, KeyAdministration, keyState, type KeyRecord, type KeyStore } from '../src/keys';

const secret = 'a'.repeat(64);

/** The key store's port, kept in a map: what the DynamoDB store does, without a table (the e2e tests use the table). */
class MemoryKeyStore implements KeyStore {
  readonly records = new Map<string, KeyRecord>();
  async get(partnerId: string, keyId: string) {
    return this.records.get(`${partnerId}#${keyId}`);
  }
  async list(partnerId?: string) {
    return [...this.records.values()].filter((r) => !partnerId || r.partnerId === partnerId);
  }
  async create(record: KeyRecord) {
    if (this.records.has(`${record.partnerId}#${record.keyId}`)) return false;
    this.records.set(`${record.partnerId}#${record.keyId}`, record);
    return true;
  }
  async update(partnerId: string, keyId: string, changes: Partial<KeyRecord>) {
    const record = this.records.get(`${partnerId}#${keyId}`);
    if (!record) throw new Error('no such key');
    this.records.set(`${partnerId}#${keyId}`, { ...record, ...changes });
  }
}

function setup() {
  const store = new MemoryKeyStore();
  return { store, admin: new KeyAdministration(store, secret) };
}

const t0 = new Date('2026-03-01T08:00:00Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** A copy of `key` with one character of its signature changed in letter case (or, for a digit, another character). */
function recased(key: string): string {
  const [tag, payload, signature] = key.split('.');
  const i = [...signature!].findIndex((c) => c.toLowerCase() !== c.toUpperCase());
  const c = signature![i]!;
  const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  return `${tag}.${payload}.${signature!.slice(0, i)}${flipped}${signature!.slice(i + 1)}`;
}

describe('partner keys', () => {
  it('are stored as their SHA-256 with their scopes, never the key itself', async () => {
    const { store, admin } = setup();
    const { key, record } = await admin.issue({ partnerId: 'hotline-12345', role: 'partner' }, { now: t0 });
    const stored = JSON.stringify([...store.records.values()]);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.split('.')[2]);
    expect(record).toMatchObject({ partnerId: 'hotline-12345', role: 'partner', keyHash: hashApiKey(key), issuedAt: t0.toISOString() });
    expect(await checkApiKey(secret, store, key, t0)).toEqual({ caller: { partnerId: 'hotline-12345', role: 'partner' }, keyId: record.keyId });
  });

  it('refuse a changed payload under the old signature, a truncated or re-cased signature, and a foreign secret', async () => {
    const { store, admin } = setup();
    const { key } = await admin.issue({ partnerId: 'hotline-12345', role: 'partner' });
    const [tag, payload, signature] = key.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, string>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'operator' })).toString('base64url');
    const foreign = new KeyAdministration(new MemoryKeyStore(), 'c'.repeat(64));
    const forgedElsewhere = (await foreign.issue({ partnerId: 'hotline-12345', role: 'partner' })).key;
    for (const bad of [`${tag}.${promoted}.${signature}`, key.slice(0, -1), key.slice(0, -10), recased(key), `${key}.`, `${key}x`, forgedElsewhere, 'gfk..', key.toUpperCase()]) {
      expect(verifyApiKey(secret, bad), bad).toBeUndefined();
      expect(await checkApiKey(secret, store, bad, t0), bad).toHaveProperty('refused');
    }
  });

  it('refuse a well-signed key that the store does not hold (issued elsewhere, or its record replaced)', async () => {
    const { store, admin } = setup();
    const { key, record } = await admin.issue({ partnerId: 'web', role: 'partner' });
    expect(await checkApiKey(secret, new MemoryKeyStore(), key, t0)).toEqual({ refused: 'unknown key' });
    store.records.set(`web#${record.keyId}`, { ...record, keyHash: hashApiKey('another key') });
    expect(await checkApiKey(secret, store, key, t0)).toEqual({ refused: 'key does not match its record' });
  });

  it('take their scopes from the record: the department, mediator or committee travels with the key', async () => {
    const { store, admin } = setup();
    const { key } = await admin.issue({ partnerId: 'staff-system', role: 'department', departmentId: 'wd-urban' });
    expect(await checkApiKey(secret, store, key, t0)).toMatchObject({ caller: { partnerId: 'staff-system', role: 'department', departmentId: 'wd-urban' } });
  });

  it('are refused once revoked, one key or every key of a partner, and other partners keep theirs', async () => {
    const { store, admin } = setup();
    const first = await admin.issue({ partnerId: 'hotline-12345', role: 'partner' });
    const second = await admin.issue({ partnerId: 'hotline-12345', role: 'partner' });
    const web = await admin.issue({ partnerId: 'web', role: 'partner' });

    expect((await admin.revoke({ partnerId: 'hotline-12345', keyId: first.record.keyId }, t0)).map((r) => r.keyId)).toEqual([first.record.keyId]);
    expect(await checkApiKey(secret, store, first.key, later(1))).toEqual({ refused: 'key revoked' });
    expect(await checkApiKey(secret, store, second.key, later(1))).toHaveProperty('caller');

    expect((await admin.revoke({ partnerId: 'hotline-12345' }, later(2))).map((r) => r.keyId)).toEqual([second.record.keyId]);
    expect(await checkApiKey(secret, store, second.key, later(3))).toEqual({ refused: 'key revoked' });
    expect(await checkApiKey(secret, store, web.key, later(3))).toHaveProperty('caller');
    // Revoking again changes nothing and keeps the first revocation's time.
    expect(await admin.revoke({ partnerId: 'hotline-12345' }, later(4))).toEqual([]);
    expect((await store.get('hotline-12345', first.record.keyId))!.revokedAt).toBe(t0.toISOString());
  });

  it('rotate: a new key with the same scopes, the old one valid until the grace period ends', async () => {
    const { store, admin } = setup();
    const old = await admin.issue({ partnerId: 'grid-app', role: 'partner' }, { label: 'grid app v1', now: t0 });
    const rotated = await admin.rotate({ partnerId: 'grid-app', keyId: old.record.keyId }, 3600, t0);
    expect(rotated.key).not.toBe(old.key);
    expect(rotated.record).toMatchObject({ partnerId: 'grid-app', role: 'partner', label: 'grid app v1' });
    expect(rotated.old).toMatchObject({ validUntil: later(3600).toISOString(), replacedBy: rotated.record.keyId });

    expect(await checkApiKey(secret, store, old.key, later(3599))).toHaveProperty('caller');
    expect(await checkApiKey(secret, store, rotated.key, later(3599))).toHaveProperty('caller');
    expect(await checkApiKey(secret, store, old.key, later(3600))).toEqual({ refused: 'key expired' });
    expect(await checkApiKey(secret, store, rotated.key, later(86_400))).toHaveProperty('caller');
    // A key already rotated, or revoked, is not rotated again.
    await expect(admin.rotate({ partnerId: 'grid-app', keyId: old.record.keyId }, 60, later(3601))).rejects.toThrow(/no active key/);
    expect(keyState((await store.get('grid-app', old.record.keyId))!, later(3601))).toBe('expired');
  });

  it('issue a key with a fixed id once: issuing it again returns the same key and changes nothing', async () => {
    const { store, admin } = setup();
    const first = await admin.issue({ partnerId: 'petition', role: 'partner' }, { keyId: 'demo-petition', now: t0 });
    await admin.revoke({ partnerId: 'petition', keyId: 'demo-petition' }, later(1));
    const again = await admin.issue({ partnerId: 'petition', role: 'partner' }, { keyId: 'demo-petition', now: later(2) });
    expect(again.key).toBe(first.key);
    // A revoked demo key stays revoked across restarts of the local system.
    expect(await checkApiKey(secret, store, again.key, later(3))).toEqual({ refused: 'key revoked' });
    await expect(admin.issue({ partnerId: 'petition', role: 'operator' }, { keyId: 'demo-petition' })).rejects.toThrow(/other scopes/);
  });
  it('are checked against the store alone where the signing secret is not at hand (Open311): the stored hash refuses a forged or altered key', async () => {
    const { store, admin } = setup();
    const { key, record } = await admin.issue({ partnerId: 'hotline-12345', role: 'partner' }, { now: t0 });
    expect(await checkStoredKey(store, key, t0)).toEqual({ caller: { partnerId: 'hotline-12345', role: 'partner' }, keyId: record.keyId });
    const [tag, payload, signature] = key.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, string>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'operator' })).toString('base64url');
    const forged = (await new KeyAdministration(new MemoryKeyStore(), 'c'.repeat(64)).issue({ partnerId: 'hotline-12345', role: 'partner' }, { keyId: record.keyId })).key;
    for (const bad of [`${tag}.${promoted}.${signature}`, recased(key), forged, `${key}x`]) {
      expect(await checkStoredKey(store, bad, t0), bad).toEqual({ refused: 'key does not match its record' });
    }
    for (const malformed of ['gfk..', 'not-a-key', `${key}.`]) expect(await checkStoredKey(store, malformed, t0)).toEqual({ refused: 'malformed key' });
    await admin.revoke({ partnerId: 'hotline-12345', keyId: record.keyId }, later(1));
    expect(await checkStoredKey(store, key, later(2))).toEqual({ refused: 'key revoked' });
  });

  it('are not vouched for under another tag, or without a signature part, even with a valid payload and signature', async () => {
    const { admin } = setup();
    const { key } = await admin.issue({ partnerId: 'web', role: 'partner' });
    const [, payload, signature] = key.split('.');
    expect(verifyApiKey(secret, key)).toMatchObject({ partnerId: 'web' });
    for (const bad of [`gfx.${payload}.${signature}`, `gfk.${payload}`, `gfk.${payload}.`, 'gfk.abc', `.${payload}.${signature}`]) {
      expect(verifyApiKey(secret, bad), bad).toBeUndefined();
    }
  });

  it('say why a key is refused before the store is asked: a bad signature or a malformed key', async () => {
    const { store, admin } = setup();
    const { key } = await admin.issue({ partnerId: 'web', role: 'partner' });
    expect(await checkApiKey(secret, store, `${key}x`, t0)).toEqual({ refused: 'bad signature or malformed key' });
    expect(await checkApiKey(secret, store, 'not-a-key', t0)).toEqual({ refused: 'bad signature or malformed key' });
  });

  it('are listed for the administrator, all of them or one partner\'s', async () => {
    const { admin } = setup();
    const web = await admin.issue({ partnerId: 'web', role: 'partner' });
    const hotline = await admin.issue({ partnerId: 'hotline-12345', role: 'partner' });
    expect((await admin.list()).map((r) => r.keyId).sort()).toEqual([web.record.keyId, hotline.record.keyId].sort());
    expect(await admin.list('web')).toEqual([web.record]);
  });

  it('revoke nothing for a key id the partner does not have', async () => {
    const { store, admin } = setup();
    const { key } = await admin.issue({ partnerId: 'web', role: 'partner' });
    expect(await admin.revoke({ partnerId: 'web', keyId: 'no-such-key' }, t0)).toEqual([]);
    expect(await checkApiKey(secret, store, key, t0)).toHaveProperty('caller');
  });

  it('refuse to issue a fixed id the store says exists but cannot read back (removed meanwhile)', async () => {
    const store = new MemoryKeyStore();
    // A store whose record vanished between the refused create and the read.
    store.create = async () => false;
    const admin = new KeyAdministration(store, secret);
    await expect(admin.issue({ partnerId: 'petition', role: 'partner' }, { keyId: 'demo-petition' })).rejects.toThrow('key demo-petition of petition exists with other scopes');
  });
});
