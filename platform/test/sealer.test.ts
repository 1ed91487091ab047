import { describe, expect, it } from 'vitest';
import { encryptPii, LocalKeyWrapper, PersonalDataSealer, sealerFor, type KeyWrapper } from '../src/index';

const keyHex = 'a1'.repeat(32);

/** The local wrapper, counting the calls a KMS key would be billed for. */
class CountingWrapper implements KeyWrapper {
  readonly inner = new LocalKeyWrapper(keyHex);
  generated = 0;
  unwrapped = 0;
  async generateDataKey() {
    this.generated++;
    return this.inner.generateDataKey();
  }
  async unwrap(wrapped: Buffer) {
    this.unwrapped++;
    return this.inner.unwrap(wrapped);
  }
}

describe('the local key wrapper', () => {
  it('refuses a key-encryption key that is not 32 bytes', () => {
    for (const bad of ['a1'.repeat(16), 'a1'.repeat(33), '']) expect(() => new LocalKeyWrapper(bad)).toThrow('the local key-encryption key must be 32 bytes of hex');
  });
});

describe('envelope sealing (v2)', () => {
  it('round-trips, each value with its own iv, under one data key per cold start', async () => {
    const wrapper = new CountingWrapper();
    const sealer = new PersonalDataSealer(wrapper, keyHex);
    await Promise.all([sealer.ready(), sealer.ready()]);
    const a = sealer.seal('13912345678');
    const b = sealer.seal('13912345678');
    expect(a).not.toBe(b);
    const [version, wrapped, iv, tag, data, ...rest] = a.split('.');
    expect({ version, rest }).toEqual({ version: 'v2', rest: [] });
    expect([wrapped, iv, tag, data].every((p) => /^[\w-]+$/.test(p!))).toBe(true);
    expect(b.split('.')[1]).toBe(wrapped);
    expect(sealer.unseal(a)).toBe('13912345678');
    expect(await sealer.sealNow('张女士')).toContain(`v2.${wrapped}.`);
    expect(wrapper.generated).toBe(1);
    expect(wrapper.unwrapped).toBe(0);
  });

  it('unwraps another cold start’s data key once, however many values and callers ask', async () => {
    const writer = new PersonalDataSealer(new LocalKeyWrapper(keyHex), keyHex);
    await writer.ready();
    const record = { name: { sealed: writer.seal('王秀英') }, phones: [writer.seal('13598761234'), writer.seal('13698765432')], note: 'plain' };
    const wrapper = new CountingWrapper();
    const reader = new PersonalDataSealer(wrapper, keyHex);
    expect(() => reader.unseal(record.phones[0]!)).toThrow(/before load/);
    await Promise.all([reader.load(record), reader.load(record.phones)]);
    await reader.load(record);
    expect(wrapper.unwrapped).toBe(1);
    expect(reader.unseal(record.name.sealed)).toBe('王秀英');
    expect(record.phones.map((p) => reader.unseal(p))).toEqual(['13598761234', '13698765432']);
    expect(await reader.unsealNow(record.phones[1]!)).toBe('13698765432');
    expect(wrapper.generated).toBe(0);
  });

  it('still opens v1 values with the v1 key, and refuses tampering and other keys', async () => {
    const sealer = sealerFor({}, { piiKey: keyHex });
    const v1 = encryptPii(keyHex, '150302198001011234');
    expect(await sealer.unsealNow(v1)).toBe('150302198001011234');
    expect(() => new PersonalDataSealer(new LocalKeyWrapper(keyHex)).unseal(v1)).toThrow(/no v1 key/);

    const sealed = await sealer.sealNow('13912345678');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('13900000000').toString('base64url');
    expect(() => sealer.unseal(parts.join('.'))).toThrow();
    const stranger = new PersonalDataSealer(new LocalKeyWrapper('b2'.repeat(32)));
    await expect(stranger.load(sealed)).rejects.toThrow();
    expect(() => sealer.unseal('v3.a.b.c.d')).toThrow(/not a sealed value/);
  });

  it('counts its calls to the key wrapper, and tries a failed data key again on the next ready()', async () => {
    let failures = 1;
    const flaky = new LocalKeyWrapper(keyHex);
    const wrapper: KeyWrapper = {
      generateDataKey: async () => {
        if (failures-- > 0) throw new Error('KMS throttled');
        return flaky.generateDataKey();
      },
      unwrap: (wrapped) => flaky.unwrap(wrapped),
    };
    const sealer = new PersonalDataSealer(wrapper);
    expect(sealer.calls).toEqual({ generateDataKey: 0, unwrap: 0 });
    expect(() => sealer.seal('13912345678')).toThrow('PersonalDataSealer.seal before ready()');
    await expect(sealer.ready()).rejects.toThrow('KMS throttled');
    await sealer.ready();
    expect(sealer.calls).toEqual({ generateDataKey: 2, unwrap: 0 });
    expect(sealer.unseal(sealer.seal('13912345678'))).toBe('13912345678');

    const other = new PersonalDataSealer(new LocalKeyWrapper(keyHex));
    const sealed = await other.sealNow('王秀英');
    const reader = new PersonalDataSealer(new LocalKeyWrapper(keyHex));
    await reader.load(sealed);
    await reader.load(sealed);
    expect(reader.calls).toEqual({ generateDataKey: 0, unwrap: 1 });
  });

  it('finds the wrapped keys in objects and arrays at any depth, past nulls, numbers and values that only look sealed', async () => {
    const writers = await Promise.all(
      [1, 2, 3].map(async () => {
        const w = new PersonalDataSealer(new LocalKeyWrapper(keyHex));
        await w.ready();
        return w;
      }),
    );
    const record = {
      parties: [{ name: writers[0]!.seal('王秀英'), phone: null, age: 52, verified: true }],
      case: { reporter: { phone: writers[1]!.seal('13598761234') }, closedAt: undefined },
      notes: [[writers[2]!.seal('身份证号150302198506121239')]],
      odd: ['v2.', 'v2..iv.tag.data', 'v2'],
    };
    const reader = new PersonalDataSealer(new LocalKeyWrapper(keyHex));
    await reader.load(record);
    expect(reader.calls.unwrap).toBe(3);
    expect(reader.unseal(record.parties[0]!.name)).toBe('王秀英');
    expect(reader.unseal(record.case.reporter.phone)).toBe('13598761234');
    expect(reader.unseal(record.notes[0]![0]!)).toBe('身份证号150302198506121239');
    for (const odd of record.odd) expect(() => reader.unseal(odd)).toThrow('not a sealed value');
  });

  it('refuses a sealed value with a part too many', async () => {
    const sealer = new PersonalDataSealer(new LocalKeyWrapper(keyHex));
    const sealed = await sealer.sealNow('13912345678');
    expect(() => sealer.unseal(`${sealed}.extra`)).toThrow('not a sealed value');
  });

  it('keeps the last 1000 unwrapped data keys: the oldest is forgotten first and unwrapped again when asked', async () => {
    const values: string[] = [];
    for (let i = 0; i < 1001; i++) values.push(await new PersonalDataSealer(new LocalKeyWrapper(keyHex)).sealNow(`138${String(i).padStart(8, '0')}`));
    const reader = new PersonalDataSealer(new LocalKeyWrapper(keyHex));
    for (const value of values.slice(0, 1000)) await reader.load(value);
    expect(reader.unseal(values[0]!)).toBe('13800000000');
    await reader.load(values[1000]);
    expect(reader.calls.unwrap).toBe(1001);
    expect(() => reader.unseal(values[0]!)).toThrow('PersonalDataSealer.unseal before load()');
    expect(reader.unseal(values[1]!)).toBe('13800000001');
    expect(reader.unseal(values[1000]!)).toBe('13800001000');
    expect(await reader.unsealNow(values[0]!)).toBe('13800000000');
    expect(reader.calls.unwrap).toBe(1002);
  });
});
