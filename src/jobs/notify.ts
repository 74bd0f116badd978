import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { IntakeError } from '../core/codes.js';
import { FINAL_STATUSES, type ImportStatus } from '../core/import-status.js';
import { checkedAddress, pinnedLookup } from '../sources/fetch/guard.js';
import { DEFAULT_FETCH_POLICY } from '../sources/fetch/index.js';
import type { Store } from '../store/connect.js';
import { getImport, type ImportView } from '../store/import-queries.js';
import type { SecretBox } from './secret-box.js';
import { reportName } from './report-names.js';
import { signedReportPath } from './report-links.js';
import { logDelivery, webhooks } from '../store/webhooks.js';
import { readJson } from '../store/json.js';

/**
 * When an import ends (SPEC J4): an e-mail to the people the import names, in the
 * three forms of the seed product (success, failure with the reason, success with
 * issues), and a signed JSON POST to every webhook of the workspace, retried with
 * backoff, each attempt logged. A notification that cannot be sent never changes
 * the import; it is logged.
 */
export interface SmtpConfig {
  host: string;
  port: number;
  secure?: boolean;
  user?: string;
  pass?: string;
  from: string;
}

export interface NotifyContext {
  store: Store;
  smtp?: SmtpConfig;
  /** Base URL of the API, for links to reports in e-mails. */
  publicUrl?: string;
  /** Signs the report links of e-mails, which work without a token for `linkDays`. */
  secrets: SecretBox;
  linkDays: number;
  webhookAttempts: number;
  webhookBackoffMs: number;
  webhookTimeoutMs: number;
  /** Private addresses webhooks may reach (as for URL sources). */
  allowHosts: string[];
  log: (message: string) => void;
}

/**
 * Refuse a webhook URL that is not http(s), or whose host resolves to a private,
 * loopback or link-local address that the configuration does not allow (SSRF).
 */
export async function checkWebhookUrl(url: string, allowHosts: string[]): Promise<string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new IntakeError('INTAKE_E_REQUEST', `"${url}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new IntakeError('INTAKE_E_REQUEST', `a webhook URL is http or https, not ${u.protocol}`);
  }
  return checkedAddress(
    u.hostname,
    { ...DEFAULT_FETCH_POLICY, allowHosts },
    `${u.protocol}//${u.host}`,
  );
}

/**
 * POST `body` to `url`, connected to `address` (the one that was checked), and give the
 * status. Redirects are not followed: a webhook that redirects is answered as failed,
 * since the next hop was never checked.
 */
function postTo(
  url: string,
  address: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const u = new URL(url);
  const client = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        method: 'POST',
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: pinnedLookup(address),
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code ?? e.message)));
    req.end(body);
  });
}

export async function notifyFinished(ctx: NotifyContext, importId: string): Promise<void> {
  const row = await ctx.store.db
    .selectFrom('intake_import')
    .select(['workspace_id', 'request'])
    .where('id', '=', importId)
    .executeTakeFirst();
  if (!row) return;
  const view = await getImport(ctx.store, row.workspace_id, importId);
  if (!view || !FINAL_STATUSES.includes(view.status as ImportStatus)) return;
  const request = readJson<{ notify?: string[] } | null>(row.request);
  await Promise.all([
    sendMail(ctx, view, request?.notify ?? [], view.settings.files).catch((e: Error) =>
      ctx.log(`e-mail for ${importId} not sent: ${e.message}`),
    ),
    callWebhooks(ctx, view).catch((e: Error) =>
      ctx.log(`webhooks for ${importId} not called: ${e.message}`),
    ),
  ]);
}

/**
 * Signed links to the rejection files of an import, for a mail client: each opens
 * its one file without an API token, until it expires.
 */
async function rejectionLinks(ctx: NotifyContext, view: ImportView): Promise<string[]> {
  if (!ctx.publicUrl) return [];
  const files = await ctx.store.db
    .selectFrom('intake_import_file')
    .select(['file_no', 'name'])
    .where('import_id', '=', view.id)
    .orderBy('file_no')
    .execute();
  const named = files.map((f) => ({ fileNo: Number(f.file_no), name: f.name }));
  const expires = new Date(Date.now() + ctx.linkDays * 86_400_000);
  const base = ctx.publicUrl.replace(/\/$/, '');
  return named.map(
    (f) =>
      base +
      signedReportPath(
        ctx.secrets,
        { workspace: view.workspace, importId: view.id, name: reportName('rejections', named, f) },
        expires,
      ),
  );
}

/** Subject and body, after the seed product's three notifications. */
export function mailFor(
  view: ImportView,
  names: string[],
  links: string[] = [],
): { subject: string; text: string } | undefined {
  const name = `${names.length ? `${names.join(', ')} ` : ''}(${view.id})`;
  const started = new Date(view.createdAt);
  const date = started.toISOString().slice(0, 10);
  const time = started.toISOString().slice(11, 16);
  const link = links.length
    ? `\n\nRejection file${links.length > 1 ? 's' : ''} (the link works without signing in for a few days):\n${links.join('\n')}`
    : '';
  const c = (view.counts ?? {}) as Record<string, number>;
  const counts = `${c.rows ?? 0} rows: ${c.created ?? 0} created, ${c.updated ?? 0} updated, ${c.unchanged ?? 0} unchanged, ${c.rejected ?? 0} refused.`;
  switch (view.status) {
    case 'completed':
      return {
        subject: `Your import was a success: ${name}`,
        text: `Your import that started ${date} at ${time} UTC has been processed successfully.\n${counts}${link}`,
      };
    case 'completed_with_issues':
      return {
        subject: `Your import had a few issues: ${name}`,
        text: `Your import that started ${date} at ${time} UTC was not a 100% success and some records were not created.\n${counts}\nPlease review the rejection file.${link}`,
      };
    case 'failed':
      return {
        subject: `Your import has failed: ${name}`,
        text: `Your import that started ${date} at ${time} UTC has failed: ${view.error ?? 'see the reports'}.\nNothing was written.\nPlease check the rejection file for more details. If this persists, please contact your integrator or support team.${link}`,
      };
    default:
      return undefined;
  }
}

async function sendMail(
  ctx: NotifyContext,
  view: ImportView,
  to: string[],
  names: string[],
): Promise<void> {
  if (!ctx.smtp || to.length === 0) return;
  const mail = mailFor(view, names, await rejectionLinks(ctx, view));
  if (!mail) return;
  // Loaded when a mail goes out, not by every command that imports.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: ctx.smtp.host,
    port: ctx.smtp.port,
    secure: ctx.smtp.secure ?? false,
    ...(ctx.smtp.user ? { auth: { user: ctx.smtp.user, pass: ctx.smtp.pass ?? '' } } : {}),
  });
  try {
    await transport.sendMail({ from: ctx.smtp.from, to, subject: mail.subject, text: mail.text });
  } finally {
    transport.close();
  }
}

/** `sha256=<hex HMAC of the body with the webhook's secret>`, as GitHub signs. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function callWebhooks(ctx: NotifyContext, view: ImportView): Promise<void> {
  const hooks = await webhooks(ctx.store, view.workspace);
  const body = JSON.stringify({ event: 'import.finished', import: view });
  await Promise.all(
    hooks.map(async (hook) => {
      const delivery = randomUUID();
      for (let attempt = 1; attempt <= ctx.webhookAttempts; attempt++) {
        let statusCode: number | null = null;
        let error: string | null = null;
        try {
          // Checked again at each call (a name may resolve elsewhere since it was saved),
          // and the call goes to the address checked.
          const address = await checkWebhookUrl(hook.url, ctx.allowHosts);
          statusCode = await postTo(
            hook.url,
            address,
            {
              'content-type': 'application/json',
              'x-intake-event': 'import.finished',
              'x-intake-delivery': delivery,
              'x-intake-signature': signature(hook.secret, body),
            },
            body,
            ctx.webhookTimeoutMs,
          );
          if (statusCode < 200 || statusCode >= 300) error = `answered ${statusCode}`;
        } catch (e) {
          error = (e as Error).message;
        }
        await logDelivery(ctx.store, {
          webhookId: hook.id,
          importId: view.id,
          event: 'import.finished',
          attempt,
          statusCode,
          error,
        });
        if (!error) return;
        if (attempt < ctx.webhookAttempts) {
          await new Promise((r) => setTimeout(r, ctx.webhookBackoffMs * 2 ** (attempt - 1)));
        }
      }
    }),
  );
}
