import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords of people who sign in to the web UI, kept only as scrypt hashes (a
 * memory-hard function, in Node's own crypto: no native module to build). The cost is
 * stored with each hash, so it can be raised later without locking anyone out.
 */
const COST: Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>> = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
// N * r * 128 bytes = 32 MiB for the default cost; Node's default ceiling is 32 MiB.
const MAX_MEM = 64 * 1024 * 1024;

/** The shortest password accepted: long passphrases beat rules about symbols. */
export const MIN_PASSWORD = 10;

function derive(password: string, salt: Buffer, cost: typeof COST): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem: MAX_MEM }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return [
    'scrypt',
    COST.N,
    COST.r,
    COST.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** Why a new password is refused, or undefined when it will do. */
export function weakPassword(password: string, name: string): string | undefined {
  if ([...password].length < MIN_PASSWORD)
    return `a password needs at least ${MIN_PASSWORD} characters`;
  if (password.toLowerCase().includes(name.toLowerCase()) && name.length >= 3)
    return 'a password must not contain the user name';
  return undefined;
}
