import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyWrapper } from './key-wrapper';

/** Encrypts personal data (phone, ID numbers) with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`. */
export function encryptPii(keyHex: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  // Stryker disable next-line StringLiteral: Node reads a string with an empty encoding name as UTF-8, so '' is the same input.
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function decryptPii(keyHex: string, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

function sealWith(key: Buffer, plaintext: string): [string, string, string] {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // Stryker disable next-line StringLiteral: Node reads a string with an empty encoding name as UTF-8, so '' is the same input.
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')];
}

function unsealWith(key: Buffer, iv: string, tag: string, data: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** Wrapped data keys whose clear form is kept per cold start: more are rare (each writer's cold start makes one). */
const unwrappedCacheSize = 1000;

/**
 * Envelope encryption of personal data (ADR 0013): `v2.<wrappedKey>.<iv>.<tag>.<ciphertext>`,
 * AES-256-GCM under a data key that the region's key wraps. One data key per cold start
 * (`ready`), and each wrapped key unwrapped once (`load`); sealing and unsealing themselves are
 * then plain local work, so the domain's renderers can stay synchronous. `v1` values (one key,
 * no envelope) are read with the key they were sealed with, when it is given.
 */
export class PersonalDataSealer {
  private dataKey?: Promise<{ plaintext: Buffer; wrapped: string }>;
  private current?: { plaintext: Buffer; wrapped: string };
  private readonly unwrapped = new Map<string, Buffer>();
  private readonly unwrapping = new Map<string, Promise<void>>();
  /** Calls made to the key wrapper (a cold start's cost in KMS requests). */
  readonly calls = { generateDataKey: 0, unwrap: 0 };

  constructor(
    private readonly wrapper: KeyWrapper,
    private readonly v1KeyHex?: string,
  ) {}

  /** This cold start's data key, generated once; needed before {@link seal}. */
  async ready(): Promise<void> {
    this.dataKey ??= (async () => {
      this.calls.generateDataKey++;
      const { plaintext, wrapped } = await this.wrapper.generateDataKey();
      const key = { plaintext, wrapped: wrapped.toString('base64url') };
      this.remember(key.wrapped, plaintext);
      return key;
    })();
    this.dataKey.catch(() => (this.dataKey = undefined));
    this.current = await this.dataKey;
  }

  /** Unwraps (once each) the data keys of every `v2` value found in `value`, at any depth; needed before {@link unseal}. */
  async load(value: unknown): Promise<void> {
    const wanted = new Set<string>();
    collectWrappedKeys(value, wanted);
    await Promise.all([...wanted].filter((w) => !this.unwrapped.has(w)).map((w) => this.unwrap(w)));
  }

  /** Seals with this cold start's data key ({@link ready} first). */
  seal(plaintext: string): string {
    if (!this.current) throw new Error('PersonalDataSealer.seal before ready()');
    return ['v2', this.current.wrapped, ...sealWith(this.current.plaintext, plaintext)].join('.');
  }

  /** Opens a `v2` value whose key was loaded ({@link load} first), or a `v1` value with the v1 key. */
  unseal(sealed: string): string {
    const parts = sealed.split('.');
    if (parts[0] === 'v1') {
      if (!this.v1KeyHex) throw new Error('a v1 sealed value and no v1 key');
      return decryptPii(this.v1KeyHex, sealed);
    }
    const [version, wrapped, iv, tag, data] = parts;
    if (version !== 'v2' || !wrapped || !iv || !tag || !data || parts.length !== 5) throw new Error('not a sealed value');
    const key = this.unwrapped.get(wrapped);
    if (!key) throw new Error('PersonalDataSealer.unseal before load()');
    return unsealWith(key, iv, tag, data);
  }

  /** {@link ready} and {@link seal} in one, for a caller that seals a few values. */
  async sealNow(plaintext: string): Promise<string> {
    await this.ready();
    return this.seal(plaintext);
  }

  /** {@link load} and {@link unseal} in one. */
  async unsealNow(sealed: string): Promise<string> {
    await this.load(sealed);
    return this.unseal(sealed);
  }

  private unwrap(wrapped: string): Promise<void> {
    let pending = this.unwrapping.get(wrapped);
    if (!pending) {
      this.calls.unwrap++;
      pending = this.wrapper.unwrap(Buffer.from(wrapped, 'base64url')).then(
        (key) => {
          this.remember(wrapped, key);
          this.unwrapping.delete(wrapped);
        },
        (error: unknown) => {
          this.unwrapping.delete(wrapped);
          throw error;
        },
      );
      this.unwrapping.set(wrapped, pending);
    }
    return pending;
  }

  private remember(wrapped: string, key: Buffer): void {
    if (this.unwrapped.size >= unwrappedCacheSize) this.unwrapped.delete(this.unwrapped.keys().next().value!);
    this.unwrapped.set(wrapped, key);
  }
}

function collectWrappedKeys(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value.startsWith('v2.')) {
      const wrapped = value.split('.')[1];
      if (wrapped) into.add(wrapped);
    }
  } else if (typeof value === 'object' && value !== null) {
    // An array's values are its elements.
    for (const v of Object.values(value)) collectWrappedKeys(v, into);
  }
}

/** `13912345678` → `139****5678`; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) {
    const local = digits.slice(-11);
    return `${local.slice(0, 3)}****${local.slice(-4)}`;
  }
  return `${'*'.repeat(Math.max(digits.length - 2, 0))}${digits.slice(-2)}`;
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckCharacters = '10X98765432';

/** A resident ID number (GB 11643): 17 digits, a real birth date at 7–14, and the ISO 7064 MOD 11-2 check character. */
export function isResidentIdNumber(value: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  const [year, month, day] = [Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  // An impossible day (00, 31 April, 29 February of a common year, up to 99) moves Date.UTC into another month.
  if (year < 1900 || birth.getUTCMonth() !== month - 1) return false;
  const sum = idWeights.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return idCheckCharacters[sum % 11] === value[17]!.toUpperCase();
}

/** A payment card number: 13–19 digits passing the Luhn check. */
export function isBankCardNumber(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    // Doubled, 5 to 9 become two-digit numbers: their digit sum is the double less 9.
    if (i % 2 === 1) digit = digit >= 5 ? digit * 2 - 9 : digit * 2;
    // Stryker disable next-line AssignmentOperator: -sum % 10 === 0 exactly when sum % 10 === 0, so subtracting checks the same.
    sum += digit;
  }
  return sum % 10 === 0;
}

// A number stands alone: not glued to letters or digits, nor the tail of a code like `WH-20261124-000042`.
const before = String.raw`(?<![\dA-Za-z*]|[\dA-Za-z]-)`;
// ... and is not an amount (`15000000000元`).
const after = String.raw`(?![\dA-Za-z*]|-[\dA-Za-z]|\s*[元块万亿])`;
const idNumber = new RegExp(`${before}(\\d{17}[\\dXx])${after}`, 'g');
const cardNumber = new RegExp(`${before}(\\d(?:[ -]?\\d){12,18})${after}`, 'g');
const mobileNumber = new RegExp(`${before}(?:\\+?86[- ]?)?(1[3-9]\\d)[- ]?\\d{4}[- ]?(\\d{4})${after}`, 'g');
const landlineNumber = new RegExp(`${before}(?:\\+?86[- ]?)?(0\\d{2,3})(?:-|\\s)?[2-9]\\d{4,5}(\\d{2})${after}`, 'g');

/**
 * Masks the personal numbers people write into free text: resident ID numbers whose check
 * character holds (`150202********123X`), Luhn-valid bank card numbers (`****1234`), mobile
 * numbers (`139****5678`) and landlines with their area code (`0473-*****67`). Case numbers,
 * dates and amounts are left alone: they fail the checks or the boundaries above. Names cannot
 * be found reliably in free text and are not touched here; parties' and reporters' names are
 * held in their own fields and masked with {@link maskName}.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(idNumber, (whole: string, id: string) => (isResidentIdNumber(id) ? `${id.slice(0, 6)}********${id.slice(14)}` : whole))
    .replace(cardNumber, (whole: string, written: string) => {
      const digits = written.replace(/\D/g, '');
      return isBankCardNumber(digits) ? `****${digits.slice(-4)}` : whole;
    })
    .replace(mobileNumber, '$1****$2')
    .replace(landlineNumber, '$1-*****$2');
}

/** An ID number held in its own field, masked whether or not its check character holds: `150302********1237`. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber.trim()];
  return chars.length <= 10 ? '*'.repeat(chars.length) : `${chars.slice(0, 6).join('')}${'*'.repeat(chars.length - 10)}${chars.slice(-4).join('')}`;
}

/** True when `text` holds a phone, ID or bank number that {@link maskPersonalData} would mask. */
export function containsPersonalData(text: string): boolean {
  return maskPersonalData(text) !== text;
}

/** `zhang.san@example.com` → `z*******@example.com`: the first letter and the domain stay, to recognise it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '*'.repeat(email.length);
  return `${email[0]}${'*'.repeat(at - 1)}${email.slice(at)}`;
}

/** A person's name as shown to those who may not see it: the surname, then stars. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
