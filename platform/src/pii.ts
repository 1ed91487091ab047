import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Encrypts personal data (phone, ID numbers) with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`. */
export function encryptPii(keyHex: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
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

/** `13912345678` → `139****5678`; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) {
    const local = digits.slice(-11);
    return `${local.slice(0, 3)}****${local.slice(-4)}`;
  }
  return `${'*'.repeat(Math.max(digits.length - 2, 0))}${digits.slice(-2)}`;
}

/**
 * Masks the personal numbers people write into free text: resident ID numbers
 * (`150202********1234`), bank card numbers (`****1234`), mobile numbers (`139****5678`)
 * and landlines (`0473-*****67`). Names cannot be found reliably in free text and are
 * not touched here; parties' and reporters' names are held in their own fields.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(/(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g, '$1********$2')
    .replace(/(?<!\d)\d{12,15}(\d{4})(?!\d)/g, '****$1')
    .replace(/(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<![\d*])(0\d{2,3})[- ]?\d{5,6}(\d{2})(?!\d)/g, '$1-*****$2');
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
