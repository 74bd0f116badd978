import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { Store } from './connect.js';

/**
 * Where uploaded files are kept between the request and the jobs (DESIGN.md,
 * Storage): a folder on the machine always, and on PostgreSQL the database too, in
 * 4 MB chunks, so that a worker on another machine can restore them. Streamed both
 * ways: a large upload never sits in memory.
 */
const CHUNK = 4 * 1024 * 1024;

export const sharedBlobs = (store: Store): boolean => store.profile.dialect === 'postgres';

export async function saveBlob(
  store: Store,
  importId: string,
  fileNo: number,
  path: string,
): Promise<void> {
  let chunkNo = 0;
  for await (const data of createReadStream(path, { highWaterMark: CHUNK })) {
    await store.db
      .insertInto('intake_blob')
      .values({ import_id: importId, file_no: fileNo, chunk_no: chunkNo++, data: data as Buffer })
      .execute();
  }
}

/** Write the stored file back to `path`; false when the database holds none. */
export async function restoreBlob(
  store: Store,
  importId: string,
  fileNo: number,
  path: string,
): Promise<boolean> {
  const first = await store.db
    .selectFrom('intake_blob')
    .select('chunk_no')
    .where('import_id', '=', importId)
    .where('file_no', '=', fileNo)
    .executeTakeFirst();
  if (!first) return false;
  await mkdir(dirname(path), { recursive: true });
  // Written beside, then renamed: another worker of this machine restoring the same
  // file (a helper of a split import) never reads it half written.
  const part = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
  const out = createWriteStream(part);
  // One chunk at a time, so memory holds one chunk whatever the file's size.
  for (let n = 0; ; n++) {
    const row = await store.db
      .selectFrom('intake_blob')
      .select('data')
      .where('import_id', '=', importId)
      .where('file_no', '=', fileNo)
      .where('chunk_no', '=', n)
      .executeTakeFirst();
    if (!row) break;
    if (!out.write(row.data as Buffer)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await rename(part, path);
  return true;
}

export async function dropBlobs(store: Store, importId: string): Promise<void> {
  await store.db.deleteFrom('intake_blob').where('import_id', '=', importId).execute();
}
