import { IntakeError } from '../core/codes.js';
import type { SecretBox } from './secret-box.js';

/**
 * Links to one report of one import that work without an API token (from a mail
 * client), for a while: signed with the secret key over the workspace, the import,
 * the report's name and the expiry, so a link opens that file and nothing else.
 */
export interface ReportLink {
  workspace: string;
  importId: string;
  name: string;
}

export function signedReportPath(box: SecretBox, link: ReportLink, expires: Date): string {
  const exp = String(Math.floor(expires.getTime() / 1000));
  const sig = box.sign('report', link.workspace, link.importId, link.name, exp);
  const q = new URLSearchParams({ w: link.workspace, expires: exp, sig });
  return `/imports/${link.importId}/reports/${encodeURIComponent(link.name)}?${q.toString()}`;
}

/** The workspace a signed link was made for, or an error that says what is wrong. */
export function checkReportLink(
  box: SecretBox,
  link: Omit<ReportLink, 'workspace'>,
  query: { w?: string; expires?: string; sig?: string },
  now = new Date(),
): string {
  const { w, expires, sig } = query;
  if (!w || !expires || !sig || !/^\d+$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) {
    throw new IntakeError('INTAKE_E_UNAUTHENTICATED', 'this report link is incomplete');
  }
  if (!box.verify(sig, 'report', w, link.importId, link.name, expires)) {
    throw new IntakeError('INTAKE_E_UNAUTHENTICATED', 'this report link is not valid');
  }
  if (Number(expires) * 1000 < now.getTime()) {
    throw new IntakeError(
      'INTAKE_E_UNAUTHENTICATED',
      `this report link expired on ${new Date(Number(expires) * 1000).toISOString().slice(0, 10)}; open the import in Intake to download it`,
    );
  }
  return w;
}
