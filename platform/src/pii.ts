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

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckCharacters = '10X98765432';

/** A resident ID number (GB 11643): 17 digits, a real birth date at 7–14, and the ISO 7064 MOD 11-2 check character. */
export function isResidentIdNumber(value: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  const [year, month, day] = [Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  const sum = idWeights.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return idCheckCharacters[sum % 11] === value[17]!.toUpperCase();
}

/** A payment card number: 13–19 digits passing the Luhn check. */
export function isBankCardNumber(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
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
