import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { IntakeError } from '../core/codes.js';

/**
 * Secrets a user hands Intake (the password of an ftp:// source, a token in an https
 * query) are kept sealed with AES-256-GCM under the key of the configuration, and the
 * same key signs links that work without an API token (the report link of an e-mail).
 * Nothing here reads files or the environment: the key comes from the configuration.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a secret key is 32 bytes');
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url: a fresh IV each time. */
  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return `v1.${parts.join('.')}`;
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    try {
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not sealed');
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new IntakeError(
        'INTAKE_E_SECRET',
        'a kept secret (the credentials of a URL source) cannot be opened with this secret key: every process that shares the database needs the same secretKey (INTAKE_SECRET_KEY)',
      );
    }
  }

  /** HMAC-SHA256 of `parts`, hex: for signed links and for fingerprints of secrets. */
  sign(...parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('\n')).digest('hex');
  }

  verify(signature: string, ...parts: string[]): boolean {
    const want = Buffer.from(this.sign(...parts), 'hex');
    const got = Buffer.from(signature, 'hex');
    return got.length === want.length && timingSafeEqual(got, want);
  }
}
