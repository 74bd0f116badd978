import { createWriteStream } from 'node:fs';
import { IntakeError } from '../../core/codes.js';
import { checkedAddress, type FetchPolicy } from './guard.js';
import { byteLimit } from './limit.js';
import type { SourceUrl } from './url.js';

/** Download over FTP with basic-ftp; anonymous unless the URL names a user. */
export async function fetchFtp(src: SourceUrl, target: string, policy: FetchPolicy): Promise<void> {
  const host = await checkedAddress(src.url.hostname, policy, src.shown);
  // Loaded for an ftp source only, as ssh2 is for sftp: no import pays for it otherwise.
  const { Client } = await import('basic-ftp');
  const client = new Client(policy.timeoutMs);
  try {
    await client.access({
      host,
      port: src.url.port ? Number(src.url.port) : 21,
      user: src.user ?? 'anonymous',
      password: src.password ?? 'anonymous@',
    });
    const limit = byteLimit(policy.maxBytes, src.shown);
    const out = createWriteStream(target);
    limit.pipe(out);
    const written = new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
      limit.on('error', reject);
    });
    written.catch(() => {}); // the same error also ends downloadTo, which reports it
    await client.downloadTo(limit, decodeURIComponent(src.url.pathname));
    limit.end(); // basic-ftp leaves the destination open
    await written;
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    // basic-ftp's messages carry the server's reply, never our password.
    throw new IntakeError('INTAKE_E_FETCH', `${src.shown}: ${(e as Error).message}`);
  } finally {
    client.close();
  }
}
