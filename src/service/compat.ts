import { IntakeError } from '../core/codes.js';
import { CHANGE_PACKAGE, DUP_DIAL_LIST, DUP_WAY } from '../core/memberships.js';
import type { ImportOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import type { EntityType } from '../core/schema.js';
import type { Store } from '../store/connect.js';
import { listsOf } from '../store/joins.js';
import { ROLES, type TokenInfo } from '../store/tokens.js';
import type { ImportService } from './imports.js';

/**
 * importWS compatibility (a migration aid; docs/compat.md): call-centre systems that
 * call the seed's importWS with its 21 positional parameters can call Intake with the
 * same names. Each call is an ordinary import of campaign contacts into a dial list,
 * with its reports; the answer is importWS's text.
 */

/** The parameters, in importWS's order. */
export const IMPORTWS_PARAMS = [
  'orgidentity',
  'usertype',
  'user',
  'pwdtype',
  'password',
  'modeltype',
  'model_id',
  'source',
  'context',
  'source_user',
  'source_pwd',
  'exetime',
  'delrow',
  'phone_field',
  'priority_field',
  'dialtime_field',
  'emptyagent',
  'resetstatus',
  'dupway',
  'dupdiallist',
  'changepackage',
] as const;
/** Intake's one addition: the dial list, when the campaign has several. */
const EXTRA = ['list'] as const;

type Params = Partial<Record<(typeof IMPORTWS_PARAMS)[number] | (typeof EXTRA)[number], string>>;

/** importWS's answers: `|Retuen|Success|Retuen|<import id>`, `|Retuen|Failed|Retuen|<why>`. */
export const answer = (ok: boolean, text: string) =>
  `|Retuen|${ok ? 'Success' : 'Failed'}|Retuen|${text.replace(/[\r\n|]+/g, ' ')}`;

export class CompatService {
  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly imports: ImportService,
    private readonly findToken: (secret: string) => Promise<TokenInfo | undefined>,
  ) {}

  /** One importWS call: the import's id, or an IntakeError that says why not. */
  async importWs(raw: Record<string, unknown>): Promise<string> {
    const p = params(raw);
    const token = await this.login(p);
    const contact = this.registry.entities.find((e) => e.joins);
    if (!contact) throw new IntakeError('INTAKE_E_CONFIG', 'no loaded pack has campaign contacts');
    if ((p.modeltype ?? '').toLowerCase() !== 'campaign') {
      throw new IntakeError(
        'INTAKE_E_REQUEST',
        `modeltype "${p.modeltype ?? ''}": Intake imports into campaigns only (modeltype Campaign)`,
      );
    }
    const list = await this.targetList(token.workspace, contact, need(p, 'model_id'), p.list);
    const options: Partial<ImportOptions> = {
      list,
      phoneField: blank(p.phone_field),
      priorityField: blank(p.priority_field),
      dialtimeField: blank(p.dialtime_field),
      emptyagent: yesNo(p, 'emptyagent'),
      resetstatus: yesNo(p, 'resetstatus'),
      dupway: oneOf(p, 'dupway', DUP_WAY),
      dupdiallist: oneOf(p, 'dupdiallist', DUP_DIAL_LIST),
      changepackage: oneOf(p, 'changepackage', CHANGE_PACKAGE),
    };
    const source = (p.source ?? '').toLowerCase();
    const context = need(p, 'context');
    const id = this.imports.newId();
    const base = {
      workspace: token.workspace,
      actor: token.name,
      entity: contact.qualified,
      approval: false,
    };
    if (source === 'data') {
      const r = await this.imports.submit(id, {
        ...base,
        files: [],
        names: [],
        inline: context,
        options,
      });
      return r.id;
    }
    if (source !== 'http' && source !== 'ftp') {
      throw new IntakeError(
        'INTAKE_E_REQUEST',
        `source "${p.source ?? ''}": use data, http or ftp`,
      );
    }
    const url = withCredentials(context, source, blank(p.source_user), blank(p.source_pwd));
    this.imports.checkRemoteSources([url]);
    const r = await this.imports.submit(id, {
      ...base,
      files: [url],
      names: [url],
      options: { ...options, skipLines: headerAfter(p.delrow) },
      runAt: exetime(p.exetime),
    });
    return r.id;
  }

  /** user and password: an Intake token of the workspace orgidentity names, by its name. */
  private async login(p: Params): Promise<TokenInfo> {
    if ((p.pwdtype ?? '').toLowerCase() === 'md5') {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        'pwdtype MD5 is not accepted: Intake keeps only a hash of each token, so it cannot compare an MD5; send pwdtype plaintext with the token as password, over HTTPS',
      );
    }
    const token = await this.findToken(need(p, 'password'));
    if (!token || token.name !== need(p, 'user') || token.workspace !== need(p, 'orgidentity')) {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        'user, password and orgidentity do not name an API token (user: its name, password: its secret, orgidentity: its workspace)',
      );
    }
    if (ROLES.indexOf(token.role) < ROLES.indexOf('importer')) {
      throw new IntakeError(
        'INTAKE_E_FORBIDDEN',
        `this needs the importer role; the token "${token.name}" is ${token.role}`,
      );
    }
    return token;
  }

  /** model_id's campaign has one list, or `list` names one of its lists. */
  private async targetList(
    workspace: string,
    contact: EntityType,
    campaign: string,
    asked: string | undefined,
  ): Promise<string> {
    const j = contact.joins!;
    const listRef = this.registry.get(j.entity).fields.find((f) => f.name === j.list)!.reference!;
    const lists = await listsOf(
      this.store,
      workspace,
      this.registry.get(listRef.entity),
      listRef.field,
      j.within,
      campaign,
    );
    if (lists.length === 0) {
      throw new IntakeError('INTAKE_E_NOT_FOUND', `model_id ${campaign}: no campaign with lists`);
    }
    if (asked !== undefined && asked !== '') {
      if (!lists.includes(asked)) {
        throw new IntakeError(
          'INTAKE_E_NOT_FOUND',
          `list ${asked} is not a list of campaign ${campaign}: its lists are ${lists.join(', ')}`,
        );
      }
      return asked;
    }
    if (lists.length > 1) {
      throw new IntakeError(
        'INTAKE_E_REQUEST',
        `campaign ${campaign} has ${lists.length} lists (${lists.join(', ')}): name one with the parameter list`,
      );
    }
    return lists[0]!;
  }
}

function params(raw: Record<string, unknown>): Params {
  const known = new Set<string>([...IMPORTWS_PARAMS, ...EXTRA]);
  const out: Params = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!known.has(k)) {
      throw new IntakeError(
        'INTAKE_E_REQUEST',
        `unknown parameter "${k}": importWS takes ${IMPORTWS_PARAMS.join(', ')}`,
      );
    }
    out[k as keyof Params] = Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
  }
  return out;
}

/** importWS writes an empty argument as '' or "": both are empty. */
function blank(v: string | undefined): string | undefined {
  const t = (v ?? '').trim().replace(/^(''|"")$/, '');
  return t === '' ? undefined : t;
}

function need(p: Params, name: keyof Params): string {
  const v = blank(p[name]);
  if (v === undefined) throw new IntakeError('INTAKE_E_REQUEST', `${name} is empty`);
  return v;
}

function yesNo(p: Params, name: 'emptyagent' | 'resetstatus'): boolean | undefined {
  const v = blank(p[name])?.toLowerCase();
  if (v === undefined) return undefined;
  if (v === 'yes' || v === 'no') return v === 'yes';
  throw new IntakeError('INTAKE_E_REQUEST', `${name} "${p[name]}": use yes or no`);
}

function oneOf<T extends string>(
  p: Params,
  name: keyof Params,
  values: readonly T[],
): T | undefined {
  const v = blank(p[name]);
  if (v === undefined) return undefined;
  const found = values.find((x) => x.toLowerCase() === v.toLowerCase());
  if (!found) {
    throw new IntakeError('INTAKE_E_REQUEST', `${name} "${v}": use one of ${values.join(', ')}`);
  }
  return found;
}

/** source_user and source_pwd go into the URL, where Intake keeps credentials sealed. */
function withCredentials(
  context: string,
  source: 'http' | 'ftp',
  user: string | undefined,
  pwd: string | undefined,
): string {
  let url: URL;
  try {
    url = new URL(context);
  } catch {
    throw new IntakeError('INTAKE_E_REQUEST', `context is not a URL for source ${source}`);
  }
  const schemes = source === 'http' ? ['http:', 'https:'] : ['ftp:'];
  if (!schemes.includes(url.protocol)) {
    throw new IntakeError(
      'INTAKE_E_REQUEST',
      `source ${source} needs a ${schemes.join(' or ')} URL in context, not ${url.protocol}`,
    );
  }
  if (user !== undefined) url.username = encodeURIComponent(user);
  if (pwd !== undefined) url.password = encodeURIComponent(pwd);
  return url.toString();
}

/**
 * delrow N: importWS drops the first N lines, the title among them. Intake maps
 * columns by their title, so the last dropped line is read as the header.
 */
function headerAfter(delrow: string | undefined): number {
  const v = blank(delrow) ?? '1';
  if (!/^\d+$/.test(v)) throw new IntakeError('INTAKE_E_REQUEST', `delrow "${v}": a whole number`);
  const n = Number(v);
  if (n === 0) {
    throw new IntakeError(
      'INTAKE_E_REQUEST',
      'delrow 0: the file has no title line, and Intake maps columns by their titles; send a file with one (delrow 1)',
    );
  }
  return n - 1;
}

/** exetime: when to run, in UTC; empty, NULL or 0000-00-00 00:00:00 is now. */
function exetime(v: string | undefined): Date | undefined {
  const t = blank(v);
  if (t === undefined || t.toUpperCase() === 'NULL' || /^0000-00-00( 00:00:00)?$/.test(t)) {
    return undefined;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2})?)$/.exec(t);
  const d = m ? new Date(`${m[1]}T${m[2]}${m[3] ? '' : ':00'}Z`) : new Date(NaN);
  if (Number.isNaN(d.getTime())) {
    throw new IntakeError('INTAKE_E_REQUEST', `exetime "${t}": write YYYY-MM-DD HH:MM:SS (UTC)`);
  }
  return d;
}
