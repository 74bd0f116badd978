import { z } from 'zod';
import { checked } from './options.js';

/**
 * What a workspace decides for all its imports (issue 17). Approval: an import needs
 * an approver when its request or template asks for one, when the workspace says every
 * import does, or when it has more rows than the workspace allows without one. Any
 * other import held for review (the web wizard holds every import at Review) is run
 * by an importer alone.
 */
export const workspaceSettingsSchema = z.strictObject({
  approval: z
    .strictObject({
      always: z.boolean().optional(),
      aboveRows: z.number().int().min(0).optional(),
    })
    .optional(),
});

export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export function parseWorkspaceSettings(input: unknown): WorkspaceSettings {
  return checked(workspaceSettingsSchema, input, 'settings');
}

/** Why an import of `rows` rows needs an approver, or undefined when it does not. */
export function approverNeeded(
  asked: boolean,
  settings: WorkspaceSettings,
  rows: number,
): string | undefined {
  if (asked) return 'its request or template asks for approval';
  if (settings.approval?.always) return 'the workspace approves every import';
  const above = settings.approval?.aboveRows;
  if (above !== undefined && rows > above) {
    return `it has ${rows} rows, more than the ${above} the workspace allows without approval`;
  }
  return undefined;
}
