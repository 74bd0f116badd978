import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { SFTPWrapper } from 'ssh2';
import { IntakeError } from '../../core/codes.js';
import { checkedAddress, type FetchPolicy } from './guard.js';
import { byteLimit } from './limit.js';
import type { SourceUrl } from './url.js';

/** Download over SFTP with ssh2, by password. */
export async function fetchSftp(
  src: SourceUrl,
  target: string,
  policy: FetchPolicy,
): Promise<void> {
  const host = await checkedAddress(src.url.hostname, policy, src.shown);
  // Loaded for an sftp source only: ssh2 and its crypto are heavy to load.
  const { Client } = await import('ssh2');
  const conn = new Client();
  try {
    await new Promise<void>((resolve, reject) => {
      conn.on('ready', resolve);
      conn.on('error', (e) =>
        reject(new IntakeError('INTAKE_E_FETCH', `${src.shown}: ${e.message}`)),
      );
      conn.connect({
        host,
        port: src.url.port ? Number(src.url.port) : 22,
        username: src.user ?? '',
        password: src.password,
        readyTimeout: policy.timeoutMs,
      });
    });
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      conn.sftp((err, s) =>
        err
          ? reject(new IntakeError('INTAKE_E_FETCH', `${src.shown}: ${err.message}`))
          : resolve(s),
      ),
    );
    const remote = decodeURIComponent(src.url.pathname);
    await pipeline(
      sftp.createReadStream(remote),
      byteLimit(policy.maxBytes, src.shown),
      createWriteStream(target),
    ).catch((e: Error) => {
      throw e instanceof IntakeError
        ? e
        : new IntakeError('INTAKE_E_FETCH', `${src.shown}: ${e.message}`);
    });
  } finally {
    conn.end();
  }
}
