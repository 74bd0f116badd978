import { randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntakeError } from '../core/codes.js';
import { SecretBox } from '../jobs/secret-box.js';
import type { Config } from './index.js';

/**
 * The key that seals kept secrets and signs links: the configuration's `secretKey`
 * (64 hex digits are the key itself; any other text a passphrase, stretched with
 * scrypt), else a random key made once in `<dataDir>/secret.key`, readable by its
 * owner only. Processes on several machines that share one database need the same
 * configured key: a key file is one machine's.
 */
export function secretBox(config: Pick<Config, 'secretKey' | 'dataDir'>): SecretBox {
  if (config.secretKey) return new SecretBox(keyOf(config.secretKey));
  const path = join(config.dataDir, 'secret.key');
  if (!existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      // 'wx': two processes starting together never both write a key.
      writeFileSync(path, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(path, 0o600);
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new IntakeError(
      'INTAKE_E_CONFIG',
      `${path}: not a secret key (64 hex digits); remove it to have a new one made`,
    );
  }
  return new SecretBox(Buffer.from(text, 'hex'));
}

function keyOf(secret: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(secret)) return Buffer.from(secret, 'hex');
  if (secret.length < 16) {
    throw new IntakeError('INTAKE_E_CONFIG', 'secretKey: at least 16 characters');
  }
  return scryptSync(secret, 'intake secret key', 32);
}
