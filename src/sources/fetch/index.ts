import { join } from 'node:path';
import { fetchFtp } from './ftp.js';
import type { FetchPolicy } from './guard.js';
import { fetchHttp } from './http.js';
import { fetchSftp } from './sftp.js';
import { parseSourceUrl } from './url.js';

/**
 * A file fetched from a URL (SPEC F5) into the work folder, streamed, within the
 * size and time limits of the policy. Returns where it is and the name it goes by.
 */
export async function fetchSource(
  text: string,
  workDir: string,
  policy: FetchPolicy,
): Promise<{ path: string; name: string }> {
  const src = parseSourceUrl(text);
  const path = join(workDir, `download-${src.name.replace(/[^\w.-]+/g, '_')}`);
  if (src.protocol === 'ftp') await fetchFtp(src, path, policy);
  else if (src.protocol === 'sftp') await fetchSftp(src, path, policy);
  else await fetchHttp(src, path, policy);
  return { path, name: src.name };
}

export { holdsSecret, isUrl, redactedSource } from './url.js';
export { DEFAULT_FETCH_POLICY, type FetchPolicy } from './guard.js';
