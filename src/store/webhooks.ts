import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from './connect.js';

/** Webhooks of a workspace (SPEC J4) and the log of every delivery attempt. */
export interface Webhook {
  id: string;
  workspace: string;
  url: string;
  secret: string;
}

export interface Delivery {
  webhookId: string;
  importId: string;
  event: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  at: string;
}

export async function addWebhook(
  store: Store,
  w: { workspace: string; url: string; secret?: string },
): Promise<Webhook> {
  const hook = {
    id: randomUUID(),
    workspace: w.workspace,
    url: w.url,
    secret: w.secret ?? randomBytes(24).toString('base64url'),
  };
  await store.db
    .insertInto('intake_webhook')
    .values({ id: hook.id, workspace_id: hook.workspace, url: hook.url, secret: hook.secret })
    .execute();
  return hook;
}

export async function webhooks(store: Store, workspace: string): Promise<Webhook[]> {
  const rows = await store.db
    .selectFrom('intake_webhook')
    .select(['id', 'workspace_id', 'url', 'secret'])
    .where('workspace_id', '=', workspace)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, workspace: r.workspace_id, url: r.url, secret: r.secret }));
}

export async function removeWebhook(store: Store, workspace: string, id: string): Promise<boolean> {
  const r = await store.db
    .deleteFrom('intake_webhook')
    .where('id', '=', id)
    .where('workspace_id', '=', workspace)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function logDelivery(store: Store, d: Omit<Delivery, 'at'>): Promise<void> {
  await store.db
    .insertInto('intake_webhook_delivery')
    .values({
      webhook_id: d.webhookId,
      import_id: d.importId,
      event: d.event,
      attempt: d.attempt,
      status_code: d.statusCode,
      error: d.error,
    })
    .execute();
}

export async function deliveries(
  store: Store,
  workspace: string,
  webhookId: string,
): Promise<Delivery[]> {
  const rows = await store.db
    .selectFrom('intake_webhook_delivery as d')
    .innerJoin('intake_webhook as w', 'w.id', 'd.webhook_id')
    .select([
      'd.webhook_id',
      'd.import_id',
      'd.event',
      'd.attempt',
      'd.status_code',
      'd.error',
      'd.at',
    ])
    .where('w.workspace_id', '=', workspace)
    .where('d.webhook_id', '=', webhookId)
    .orderBy('d.at')
    .execute();
  return rows.map((r) => ({
    webhookId: r.webhook_id,
    importId: r.import_id,
    event: r.event,
    attempt: Number(r.attempt),
    statusCode: r.status_code === null ? null : Number(r.status_code),
    error: r.error,
    at: new Date(r.at).toISOString(),
  }));
}
