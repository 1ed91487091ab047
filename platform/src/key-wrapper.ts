import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type * as KmsSdk from '@aws-sdk/client-kms';

/**
 * The key-encryption key behind envelope encryption (ADR 0013): it hands out fresh data keys,
 * in the clear and wrapped, and unwraps them again. In AWS it is the region's KMS key; on one
 * machine `.data/keys/pii.key` plays that part.
 */
export interface KeyWrapper {
  /** A new 32-byte data key, and the same key wrapped (what is stored beside the data). */
  generateDataKey(): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

/** The local system's KMS: data keys wrapped with AES-256-GCM under a 32-byte key (`iv ‖ tag ‖ key`). */
export class LocalKeyWrapper implements KeyWrapper {
  private readonly key: Buffer;

  constructor(keyHex: string) {
    this.key = Buffer.from(keyHex, 'hex');
    if (this.key.length !== 32) throw new Error('the local key-encryption key must be 32 bytes of hex');
  }

  async generateDataKey(): Promise<{ plaintext: Buffer; wrapped: Buffer }> {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), sealed]) };
  }

  async unwrap(wrapped: Buffer): Promise<Buffer> {
    const decipher = createDecipheriv('aes-256-gcm', this.key, wrapped.subarray(0, 12));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }
}

// Stryker disable all: talks only to AWS KMS (like aws.ts and secrets.ts, left out in stryker.config.mjs); the local wrapper above stands in for it in every test.
/**
 * The region's KMS key (`GenerateDataKey`, `Decrypt`). The client is imported on first use,
 * so functions that never seal or reveal do not load it.
 */
export class KmsKeyWrapper implements KeyWrapper {
  private loaded?: Promise<{ client: KmsSdk.KMSClient; sdk: typeof KmsSdk }>;

  constructor(private readonly keyId: string) {}

  private kms() {
    this.loaded ??= import('@aws-sdk/client-kms').then((sdk) => ({ client: new sdk.KMSClient({}), sdk }));
    return this.loaded;
  }

  async generateDataKey(): Promise<{ plaintext: Buffer; wrapped: Buffer }> {
    const { client, sdk } = await this.kms();
    const out = await client.send(new sdk.GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256' }));
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS GenerateDataKey answered without a key');
    return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
  }

  async unwrap(wrapped: Buffer): Promise<Buffer> {
    const { client, sdk } = await this.kms();
    // Naming the key refuses a blob wrapped under any other.
    const out = await client.send(new sdk.DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped }));
    if (!out.Plaintext) throw new Error('KMS Decrypt answered without a key');
    return Buffer.from(out.Plaintext);
  }
}
// Stryker restore all
