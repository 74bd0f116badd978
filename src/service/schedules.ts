import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { IntakeError } from '../core/codes.js';
import { lastDue } from '../core/schedule.js';
import type { SecretBox } from '../jobs/secret-box.js';
import { fetchSource, redactedSource, type FetchPolicy } from '../sources/fetch/index.js';
import type { Store } from '../store/connect.js';
import {
  claimRun,
  finishRun,
  lastFetched,
  lastRunDue,
  scheduledTemplates,
  type ScheduleRun,
} from '../store/schedules.js';
import type { ImportService } from './imports.js';

/**
 * Recurring sources (issue 14; docs/schedules.md): a worker looks now and then for
 * templates whose schedule is due, and runs each due time once, whichever worker
 * claims it. A run fetches the template's URL; a file whose bytes are the same as the
 * last one fetched is recorded as skipped, any other is imported with the template,
 * as an ordinary import with its reports and notifications. Due times missed while no
 * worker ran are not made up: the next look runs the latest one only.
 */
export class ScheduleService {
  constructor(
    private readonly store: Store,
    private readonly imports: ImportService,
    private readonly secrets: SecretBox,
    private readonly fetch: FetchPolicy,
    private readonly log: (message: string) => void,
  ) {}

  /** Run what is due at `now` (the worker's clock; tests give theirs). */
  async tick(now = new Date()): Promise<ScheduleRun[]> {
    const ran: ScheduleRun[] = [];
    for (const t of await scheduledTemplates(this.store)) {
      const s = t.settings.schedule!;
      const due = lastDue(s, now);
      if (due.getTime() <= new Date(s.since).getTime()) continue;
      const dueAt = due.toISOString();
      const last = await lastRunDue(this.store, t.workspace, t.name);
      if (last !== undefined && last >= dueAt) continue;
      if (!(await claimRun(this.store, t.workspace, t.name, dueAt))) continue;
      const end = await this.run(t.workspace, t.name, s.sealed, dueAt);
      await finishRun(this.store, t.workspace, t.name, dueAt, end);
      ran.push({ template: t.name, dueAt, ...end });
    }
    return ran;
  }

  private async run(
    workspace: string,
    template: string,
    sealed: string,
    dueAt: string,
  ): Promise<Pick<ScheduleRun, 'outcome' | 'importId' | 'hash' | 'message'>> {
    const id = this.imports.newId();
    const dir = this.imports.uploadDir(id);
    let url = '';
    try {
      url = this.secrets.open(sealed);
      await mkdir(dir, { recursive: true });
      const fetched = await fetchSource(url, dir, this.fetch);
      const hash = await sha256(fetched.path);
      const before = await lastFetched(this.store, workspace, template, dueAt);
      if (before?.hash === hash) {
        await rm(dir, { recursive: true, force: true });
        return {
          outcome: 'skipped',
          importId: null,
          hash,
          message: `the file has not changed since the run due at ${before.dueAt}${before.importId ? ` (import ${before.importId})` : ''}`,
        };
      }
      const done = await this.imports.submit(id, {
        workspace,
        actor: `schedule ${template}`,
        files: [fetched.path],
        names: [fetched.name],
        template,
        options: {},
        approval: false,
        contentHash: hash,
        force: true,
      });
      return { outcome: 'imported', importId: done.id, hash, message: null };
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      const why = e instanceof IntakeError ? e.message : String((e as Error).message ?? e);
      const message = redactedSource(url) === url ? why : why.split(url).join(redactedSource(url));
      this.log(`schedule ${template} of ${workspace}, due at ${dueAt}: ${message}`);
      return { outcome: 'failed', importId: null, hash: null, message };
    }
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
