import { randomUUID } from 'node:crypto';
import { IntakeError } from '../core/codes.js';
import { decide, MEMBERSHIP_FLAGS, type Decision } from '../core/memberships.js';
import type { ImportOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import type { EntityType, FieldDef, Value } from '../core/schema.js';
import type { Store } from '../store/connect.js';
import { heldMemberships, identifier, joiningRows, listGroup, stagedSpan } from '../store/joins.js';
import {
  GeneratedFile,
  type GenerateRequest,
  type Generated,
  type GeneratedRow,
} from './generated-file.js';

/**
 * List memberships (schema.ts `Joins`, the campaign pack): once every file is staged,
 * each contact row of an import that names a list (`--list`) gets one row of a
 * generated membership file, at its line, that says what became of its membership:
 * created (Added, Readded), updated (Moved; Kept with its agent or status reset), or
 * skipped with the reason (kept as it is, left out by the policy). The plan checks
 * them and the reports and undo list them like any rows.
 */

/** Contacts are decided this many at a time: never the whole import in memory. */
const BATCH = 2000;

/** The import's membership types, when it names a list; refuses options that cannot apply. */
export function joinedTypes(
  registry: Registry,
  given: EntityType[],
  options: ImportOptions,
): EntityType[] {
  const joining = given.filter((e) => e.joins);
  if (options.list === undefined) {
    const stray = (Object.keys(MEMBERSHIP_FLAGS) as (keyof ImportOptions)[]).find(
      (k) => k !== 'list' && options[k] !== undefined,
    );
    if (stray && joining.length > 0) {
      throw new IntakeError(
        'INTAKE_E_USAGE',
        `${MEMBERSHIP_FLAGS[stray as keyof typeof MEMBERSHIP_FLAGS]} says what happens to list memberships: name the list with --list`,
      );
    }
    return [];
  }
  if (joining.length === 0) {
    throw new IntakeError(
      'INTAKE_E_USAGE',
      `--list ${options.list}: only ${joinable(registry)} rows join a list, and this import has none`,
    );
  }
  if (options.phoneField !== undefined) {
    for (const e of joining) phoneField(e, options.phoneField);
  }
  return joining.map((e) => registry.get(e.joins!.entity));
}

function joinable(registry: Registry): string {
  return (
    registry.entities
      .filter((e) => e.joins)
      .map((e) => e.qualified)
      .join(', ') || 'no'
  );
}

/**
 * Options a list implies: `dupway skip` leaves stored contacts as they are (create
 * mode); `emptyagent` empties the agent of the memberships the import keeps or moves.
 */
export function withMembershipOptions(
  options: ImportOptions,
  joining: EntityType[],
  /** The operation the user chose, if any (not a default). */
  asked: ImportOptions['mode'] | undefined,
): ImportOptions {
  if (options.list === undefined || joining.length === 0) return options;
  let out = options;
  if (options.dupway !== undefined) {
    const mode = options.dupway === 'skip' ? 'create' : 'upsert';
    if (asked !== undefined && asked !== mode) {
      throw new IntakeError(
        'INTAKE_E_USAGE',
        `--dupway ${options.dupway} means --operation ${mode}; --operation ${asked} says otherwise`,
      );
    }
    out = { ...out, mode };
  }
  if (options.emptyagent && out.clearEmpty !== true) {
    const agents = joining.map((e) => e.joins!.agent);
    out = { ...out, clearEmpty: [...new Set([...(out.clearEmpty || []), ...agents])] };
  }
  return out;
}

/** The field whose number the dialler calls: `--phone-field` by name, label or alias. */
function phoneField(e: EntityType, asked: string | undefined): FieldDef {
  const key = e.fields.find((f) => f.name === e.identifiers[0])!;
  if (asked === undefined) return key;
  const low = asked.toLowerCase();
  const f = e.fields.find(
    (x) => x.name === low || x.label.toLowerCase() === low || x.aliases.some((a) => a === low),
  );
  if (f?.type !== 'phone') {
    const phones = e.fields.filter((x) => x.type === 'phone').map((x) => x.name);
    throw new IntakeError(
      'INTAKE_E_FIELD_UNKNOWN',
      `--phone-field ${asked}: ${e.label} has no phone field by that name; use one of ${phones.join(', ')}`,
    );
  }
  return f;
}

export async function joinLists(
  store: Store,
  registry: Registry,
  options: ImportOptions,
  req: GenerateRequest,
): Promise<Generated[]> {
  const list = options.list;
  if (list === undefined) return [];
  const c = { store, importId: req.importId, workspace: req.workspace };
  const out: Generated[] = [];
  let rowNo = req.firstRowNo;
  let fileNo = req.firstFileNo;
  for (const { entity, fileName } of req.types) {
    const j = entity.joins;
    if (!j) continue;
    const membership = registry.get(j.entity);
    const listRef = membership.fields.find((f) => f.name === j.list)!.reference!;
    const listType = registry.get(listRef.entity);
    const memberKey = membership.fields.find((f) => f.name === j.member)!.reference!.field;
    const group = await listGroup(c, listType, listRef.field, j.within, list);
    const phone = phoneField(entity, options.phoneField).name;
    const statusField = membership.fields.find((f) => f.name === j.status)!;
    const policy = {
      list,
      dupdiallist: options.dupdiallist ?? 'ignoreDuplicate',
      changepackage: options.changepackage ?? 'unassignToCurrent',
    };
    const copied = Object.values(j.copy);
    const file = new GeneratedFile(
      store,
      req.importId,
      membership,
      fileName,
      fileNo,
      [
        identifier(membership),
        j.member,
        j.list,
        j.phone,
        ...Object.keys(j.copy),
        j.agent,
        j.status,
        j.placement,
        j.from,
      ],
      rowNo,
    );
    const span = await stagedSpan(c, entity);
    for (let from = span?.[0] ?? 1; span && from <= span[1]; from += BATCH) {
      const rows = await joiningRows(
        c,
        entity,
        memberKey,
        [...new Set([phone, ...copied])],
        from,
        from + BATCH - 1,
      );
      const held = await heldMemberships(
        c,
        {
          membership,
          listType,
          listKey: listRef.field,
          member: j.member,
          list: j.list,
          within: j.within,
          status: j.status,
          agent: j.agent,
        },
        rows.map((r) => r.key),
        list,
        group,
      );
      await file.add(
        rows.map((r) => {
          const d = decide(policy, r.stored, held.get(r.key) ?? [], j.success);
          const dial: Record<string, Value | null> = {
            [j.phone]: r.values[phone] ?? null,
            ...Object.fromEntries(
              Object.entries(j.copy).map(([to, own]) => [to, r.values[own] ?? null]),
            ),
          };
          return membershipRow(d, r.line, { [j.member]: r.key, [j.list]: list }, dial, {
            j,
            options,
            firstStatus: String(statusField.default),
            id: identifier(membership),
          });
        }),
      );
    }
    rowNo = file.nextRowNo;
    const result = await file.close();
    if (!result) continue;
    out.push({ entity: membership, rows: file.rows, file: result });
    fileNo++;
  }
  return out;
}

/** The membership row a decision makes. */
function membershipRow(
  d: Decision,
  line: number,
  names: Record<string, Value>,
  dial: Record<string, Value | null>,
  x: {
    j: NonNullable<EntityType['joins']>;
    options: ImportOptions;
    firstStatus: string;
    /** The membership's identifier field. */
    id: string;
  },
): GeneratedRow {
  const { j, options, id } = x;
  if (d.kind === 'add') {
    return {
      line,
      cells: { [id]: `m-${randomUUID()}`, ...names, ...dial, [j.placement]: d.placement },
    };
  }
  // What a kept or moved membership keeps: its agent and status, unless reset.
  const resets = (h: { agent: string | null; status: string | null }) => ({
    [j.agent]: options.emptyagent ? null : h.agent,
    [j.status]: options.resetstatus ? x.firstStatus : h.status,
  });
  if (d.kind === 'move') {
    return {
      line,
      op: 'update',
      cells: {
        [id]: d.from.id,
        ...names,
        ...dial,
        ...resets(d.from),
        [j.placement]: 'Moved',
        [j.from]: d.from.list,
      },
    };
  }
  if (d.kind === 'keep' && (options.emptyagent || options.resetstatus)) {
    return {
      line,
      op: 'update',
      cells: { [id]: d.held.id, ...names, ...resets(d.held), [j.placement]: 'Kept' },
    };
  }
  return {
    line,
    op: d.kind === 'keep' ? 'update' : 'create',
    cells: { [id]: d.kind === 'keep' ? d.held.id : `m-${randomUUID()}`, ...names },
    issues: [
      {
        field: j.list,
        code: d.kind === 'keep' ? 'INTAKE_W_MEMBERSHIP_KEPT' : 'INTAKE_W_MEMBERSHIP_SKIPPED',
        message: d.reason,
      },
    ],
  };
}
