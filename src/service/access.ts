import type { Store } from '../store/connect.js';
import { audit, auditLog, type AuditEntry } from '../store/audit.js';
import { ensureWorkspace } from '../store/imports.js';
import { saveWorkspaceSettings, workspaceSettings } from '../store/workspaces.js';
import { parseWorkspaceSettings, type WorkspaceSettings } from '../core/workspace-settings.js';
import {
  anyToken,
  createToken,
  findToken,
  listTokens,
  revokeToken,
  type Role,
  type TokenInfo,
} from '../store/tokens.js';

export { ROLES, type Role, type TokenInfo } from '../store/tokens.js';
export type { AuditEntry } from '../store/audit.js';

/** Who may do what (SPEC I4) and who did what (SPEC I5): API tokens and the audit log. */
export class AccessService {
  constructor(private readonly store: Store) {}

  async createToken(workspace: string, name: string, role: Role): ReturnType<typeof createToken> {
    await ensureWorkspace(this.store, workspace);
    return createToken(this.store, { workspace, name, role });
  }

  hasTokens(): Promise<boolean> {
    return anyToken(this.store);
  }

  findToken(secret: string): Promise<TokenInfo | undefined> {
    return findToken(this.store, secret);
  }

  listTokens(workspace: string): Promise<TokenInfo[]> {
    return listTokens(this.store, workspace);
  }

  revokeToken(workspace: string, id: string): Promise<boolean> {
    return revokeToken(this.store, workspace, id);
  }

  /** What the workspace decides for all its imports (approval rules). */
  settings(workspace: string): Promise<WorkspaceSettings> {
    return workspaceSettings(this.store, workspace);
  }

  /** An admin sets the workspace's settings (all of them: what is left out is unset). */
  async saveSettings(workspace: string, actor: string, input: unknown): Promise<WorkspaceSettings> {
    const settings = parseWorkspaceSettings(input);
    await saveWorkspaceSettings(this.store, workspace, settings);
    await audit(this.store, {
      workspace,
      actor,
      action: 'workspace.settings',
      target: workspace,
      details: settings,
    });
    return settings;
  }

  auditLog(workspace: string): Promise<AuditEntry[]> {
    return auditLog(this.store, workspace);
  }

  audit(entry: Parameters<typeof audit>[1]): Promise<void> {
    return audit(this.store, entry);
  }
}
