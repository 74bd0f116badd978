import { IntakeError } from '../core/codes.js';
import { checkSchedule, nextDue, type Schedule } from '../core/schedule.js';
import { parseOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import { checkRemoteSources } from '../jobs/import-submit.js';
import type { SecretBox } from '../jobs/secret-box.js';
import { redactedSource } from '../sources/fetch/index.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/connect.js';
import { ensureWorkspace } from '../store/imports.js';
import { deleteRuns, listRuns, type ScheduleRun } from '../store/schedules.js';
import {
  deleteTemplate,
  findTemplate,
  listTemplates,
  saveTemplate,
  type Template as StoredTemplate,
  type TemplateSettings as StoredSettings,
} from '../store/templates.js';

/** A template as it is shown: its schedule's URL redacted, with the next run's time. */
export interface Template extends Omit<StoredTemplate, 'schedule'> {
  schedule?: Schedule & { since: string; next: string };
}

/** A template as it is written: a schedule's URL in full (or as shown, to keep it). */
export interface TemplateSettings extends Omit<StoredSettings, 'schedule'> {
  schedule?: Schedule | null;
}

/**
 * Saved import settings per entity type (SPEC M2): everyone reads; importers save their
 * own; a template with a schedule (it imports by itself) or saved by someone else is an
 * admin's to change.
 */
export class TemplateService {
  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly secrets: SecretBox,
  ) {}

  async save(
    workspace: string,
    by: string,
    t: { name: string; entity: string; settings: TemplateSettings },
    admin = true,
  ): Promise<'created' | 'updated'> {
    // The entity must exist and the options make sense before anyone relies on them.
    const entity = this.registry.get(t.entity).qualified;
    const options = parseOptions(t.settings.options);
    const before = await findTemplate(this.store, workspace, t.name);
    if (!admin) mayChange(before, by, t.name, Boolean(t.settings.schedule));
    const { schedule: asked, ...rest } = t.settings;
    let schedule: StoredSettings['schedule'];
    if (asked) {
      checkSchedule(asked);
      checkRemoteSources([asked.url]);
      // The URL as shown (credentials redacted) stands for the one kept sealed.
      const kept = before?.schedule;
      const asShown = asked.url !== redactedSource(asked.url) ? false : asked.url === kept?.url;
      if (!asShown && asked.url.includes('***') && redactedSource(asked.url) === asked.url) {
        throw new IntakeError(
          'INTAKE_E_REQUEST',
          'schedule.url: give the URL with its credentials; *** stands for the kept ones only when the URL is the one shown',
        );
      }
      const same =
        kept?.url === redactedSource(asked.url) &&
        kept.cron === asked.cron &&
        kept.timezone === asked.timezone;
      schedule = {
        url: redactedSource(asked.url),
        cron: asked.cron,
        timezone: asked.timezone,
        sealed: asShown ? kept!.sealed : this.secrets.seal(asked.url),
        // A new or changed schedule starts now; the same one keeps its rhythm.
        since: same ? kept.since : new Date().toISOString(),
      };
    }
    await ensureWorkspace(this.store, workspace);
    const done = await saveTemplate(this.store, workspace, {
      name: t.name,
      entity,
      settings: { ...rest, options, ...(schedule ? { schedule } : {}) },
      by,
    });
    await audit(this.store, {
      workspace,
      actor: by,
      action: `template.${done === 'created' ? 'create' : 'update'}`,
      target: t.name,
    });
    return done;
  }

  async find(workspace: string, name: string): Promise<Template | undefined> {
    const t = await findTemplate(this.store, workspace, name);
    return t && shown(t);
  }

  async list(workspace: string): Promise<Template[]> {
    return (await listTemplates(this.store, workspace)).map(shown);
  }

  /** The runs of a template's schedule, latest first. */
  runs(workspace: string, name: string, limit?: number): Promise<ScheduleRun[]> {
    return listRuns(this.store, workspace, name, limit);
  }

  async remove(workspace: string, by: string, name: string, admin = true): Promise<boolean> {
    if (!admin) mayChange(await findTemplate(this.store, workspace, name), by, name, false);
    const done = await deleteTemplate(this.store, workspace, name);
    if (done) {
      await deleteRuns(this.store, workspace, name);
      await audit(this.store, { workspace, actor: by, action: 'template.delete', target: name });
    }
    return done;
  }
}

/** What an importer (not an admin) may not do to a template: refused, saying why. */
function mayChange(
  before: StoredTemplate | undefined,
  by: string,
  name: string,
  schedule: boolean,
): void {
  if (schedule || before?.schedule) {
    throw new IntakeError(
      'INTAKE_E_FORBIDDEN',
      `the template "${name}" imports on a schedule: only an admin saves or removes it`,
      { need: 'admin' },
    );
  }
  if (before && before.updatedBy !== by) {
    throw new IntakeError(
      'INTAKE_E_FORBIDDEN',
      `the template "${name}" was saved by ${before.updatedBy}: only they or an admin change it`,
      { need: 'admin' },
    );
  }
}

function shown(t: StoredTemplate): Template {
  const { schedule, ...rest } = t;
  if (!schedule) return rest;
  const { url, cron, timezone, since } = schedule;
  return {
    ...rest,
    schedule: { url, cron, timezone, since, next: nextDue(schedule, new Date()).toISOString() },
  };
}
