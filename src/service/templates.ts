import { parseOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/connect.js';
import { ensureWorkspace } from '../store/imports.js';
import {
  deleteTemplate,
  findTemplate,
  listTemplates,
  saveTemplate,
  type Template,
  type TemplateSettings,
} from '../store/templates.js';

export type { Template, TemplateSettings } from '../store/templates.js';

/** Saved import settings per entity type (SPEC M2): admins write, everyone reads. */
export class TemplateService {
  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
  ) {}

  async save(
    workspace: string,
    by: string,
    t: { name: string; entity: string; settings: TemplateSettings },
  ): Promise<'created' | 'updated'> {
    // The entity must exist and the options make sense before anyone relies on them.
    t.entity = this.registry.get(t.entity).qualified;
    t.settings.options = parseOptions(t.settings.options);
    await ensureWorkspace(this.store, workspace);
    const done = await saveTemplate(this.store, workspace, { ...t, by });
    await audit(this.store, {
      workspace,
      actor: by,
      action: `template.${done === 'created' ? 'create' : 'update'}`,
      target: t.name,
    });
    return done;
  }

  find(workspace: string, name: string): Promise<Template | undefined> {
    return findTemplate(this.store, workspace, name);
  }

  list(workspace: string): Promise<Template[]> {
    return listTemplates(this.store, workspace);
  }

  async remove(workspace: string, by: string, name: string): Promise<boolean> {
    const done = await deleteTemplate(this.store, workspace, name);
    if (done)
      await audit(this.store, { workspace, actor: by, action: 'template.delete', target: name });
    return done;
  }
}
