import { checkWebhookUrl } from '../jobs/notify.js';
import type { Store } from '../store/connect.js';
import { ensureWorkspace } from '../store/imports.js';
import {
  addWebhook,
  deliveries,
  removeWebhook,
  webhooks,
  type Delivery,
  type Webhook,
} from '../store/webhooks.js';

export type { Delivery, Webhook } from '../store/webhooks.js';

/** Webhooks of a workspace (SPEC J4) and the log of their deliveries. */
export class WebhookService {
  constructor(
    private readonly store: Store,
    private readonly allowHosts: string[],
  ) {}

  async add(workspace: string, url: string, secret?: string): Promise<Webhook> {
    // A webhook is a request Intake makes on a user's word: the same guard as URL sources.
    await checkWebhookUrl(url, this.allowHosts);
    await ensureWorkspace(this.store, workspace);
    return addWebhook(this.store, { workspace, url, secret });
  }

  list(workspace: string): Promise<Webhook[]> {
    return webhooks(this.store, workspace);
  }

  remove(workspace: string, id: string): Promise<boolean> {
    return removeWebhook(this.store, workspace, id);
  }

  deliveries(workspace: string, id: string): Promise<Delivery[]> {
    return deliveries(this.store, workspace, id);
  }
}
