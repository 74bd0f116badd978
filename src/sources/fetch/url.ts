import { IntakeError } from '../../core/codes.js';
import { redactCredentials } from '../../core/redact.js';

/** A source URL, and its credentials kept apart so that no message can show them. */
export interface SourceUrl {
  protocol: 'http' | 'https' | 'ftp' | 'sftp';
  url: URL;
  /** The URL as it may be shown: no user, no password, no query string. */
  shown: string;
  user?: string;
  password?: string;
  /** The file name the source is known by in reports. */
  name: string;
}

export const isUrl = (s: string): boolean => /^(https?|s?ftp):\/\//i.test(s);

export function parseSourceUrl(text: string): SourceUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IntakeError(
      'INTAKE_E_USAGE',
      `not a valid URL: ${text.replace(/\/\/[^@/]*@/, '//***@')}`,
    );
  }
  const protocol = url.protocol.replace(':', '').toLowerCase() as SourceUrl['protocol'];
  if (!['http', 'https', 'ftp', 'sftp'].includes(protocol)) {
    throw new IntakeError(
      'INTAKE_E_USAGE',
      `URLs must start with http, https, ftp or sftp (got ${protocol})`,
    );
  }
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const shown = `${protocol}://${url.host}${url.pathname}`;
  const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? 'download');
  return { protocol, url, shown, user, password, name };
}

/**
 * A source as it may be kept in the clear and shown (API, UI, audit, e-mails, webhooks,
 * logs): a URL without its password and query values; a path as it is.
 */
export const redactedSource = (text: string): string =>
  isUrl(text) ? redactCredentials(text) : text;

/** The source holds something to keep sealed: a password or a query string. */
export const holdsSecret = (text: string): boolean => redactedSource(text) !== text;
