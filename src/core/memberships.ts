import { IntakeError } from './codes.js';
import type { ImportOptions } from './options.js';
import type { EntityType } from './schema.js';

/**
 * List memberships (the campaign pack, after the call-centre importWS API): what an
 * import that names a list (`--list`) does to the membership of each contact, by the
 * seed's policies. Pure: jobs/import-joins.ts reads what is stored and writes what
 * this decides.
 */

/** What the import did to a contact's membership; stored on the membership. */
export const PLACEMENTS = ['Added', 'Readded', 'Moved', 'Kept'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/**
 * A contact already in the list: `ignoreDuplicate` keeps it as it is, `all` adds it
 * again, `ignoreSuccess` adds it again unless its membership there is a success.
 */
export const DUP_DIAL_LIST = ['ignoreDuplicate', 'all', 'ignoreSuccess'] as const;
/**
 * A stored contact not in the list: `skip` leaves it out, `unassignToCurrent` adds it
 * when it is in no other list (of the same campaign), `reassignToCurrent` also moves it
 * from the other list.
 */
export const CHANGE_PACKAGE = ['skip', 'unassignToCurrent', 'reassignToCurrent'] as const;
/** A stored contact's details: updated from the row, or left as they are. */
export const DUP_WAY = ['update', 'skip'] as const;

export interface MembershipOptions {
  /** The list the rows join (importWS model_id's "customer package"). */
  list?: string;
  /** The contact field whose number the dialler calls (the seed's phone_field). */
  phoneField?: string;
  /** The columns that carry the dial priority and schedule (priority_field, dialtime_field). */
  priorityField?: string;
  dialtimeField?: string;
  /** A kept or moved membership loses its agent (emptyagent). */
  emptyagent?: boolean;
  /** A kept or moved membership goes back to the first status (resetstatus). */
  resetstatus?: boolean;
  dupway?: (typeof DUP_WAY)[number];
  dupdiallist?: (typeof DUP_DIAL_LIST)[number];
  changepackage?: (typeof CHANGE_PACKAGE)[number];
}

/** The option names of memberships, as the seed and the CLI write them. */
export const MEMBERSHIP_FLAGS: Record<keyof MembershipOptions, string> = {
  list: '--list',
  phoneField: '--phone-field',
  priorityField: '--priority-field',
  dialtimeField: '--dialtime-field',
  emptyagent: '--emptyagent',
  resetstatus: '--resetstatus',
  dupway: '--dupway',
  dupdiallist: '--dupdiallist',
  changepackage: '--changepackage',
};

/** A stored membership of the contact, in the named list or another of its campaign. */
export interface Held {
  id: string;
  list: string;
  status: string | null;
  agent: string | null;
}

export type Decision =
  | { kind: 'add'; placement: 'Added' | 'Readded' }
  | { kind: 'move'; from: Held }
  | { kind: 'keep'; held: Held; reason: string }
  | { kind: 'skip'; reason: string };

/**
 * The contact's membership, by the seed's policies: `stored` says the contact was
 * stored before this import; `held` its memberships in the lists of the campaign.
 */
export function decide(
  o: Required<Pick<MembershipOptions, 'dupdiallist' | 'changepackage'>> & { list: string },
  stored: boolean,
  held: Held[],
  success: string,
): Decision {
  if (!stored) return { kind: 'add', placement: 'Added' };
  const here = held.filter((h) => h.list === o.list);
  if (here.length > 0) {
    if (o.dupdiallist === 'all') return { kind: 'add', placement: 'Readded' };
    const won = here.find((h) => h.status === success);
    if (o.dupdiallist === 'ignoreSuccess') {
      if (!won) return { kind: 'add', placement: 'Readded' };
      return {
        kind: 'keep',
        held: won,
        reason: `already in list ${o.list} with status ${success} (dupdiallist ignoreSuccess): not added again`,
      };
    }
    return {
      kind: 'keep',
      held: here[0]!,
      reason: `already in list ${o.list} (dupdiallist ignoreDuplicate): not added again`,
    };
  }
  const other = held[0];
  if (o.changepackage === 'skip') {
    return {
      kind: 'skip',
      reason: other
        ? `a stored contact, in list ${other.list} (changepackage skip): left out of list ${o.list}`
        : `a stored contact (changepackage skip): left out of list ${o.list}`,
    };
  }
  if (!other) return { kind: 'add', placement: 'Added' };
  if (o.changepackage === 'reassignToCurrent') return { kind: 'move', from: other };
  return {
    kind: 'skip',
    reason: `already in list ${other.list} (changepackage unassignToCurrent: only contacts in no other list join): left out of list ${o.list}`,
  };
}

/**
 * The user's mapping, with the columns `--priority-field` and `--dialtime-field` name
 * given to the fields a joining type keeps them in. A column the file lacks is a
 * mistake, said before anything runs.
 */
export function joinMapping(
  entity: EntityType,
  header: string[],
  o: Partial<Pick<ImportOptions, 'mapping' | 'priorityField' | 'dialtimeField'>>,
): Record<string, string | null> | undefined {
  const j = entity.joins;
  if (!j || (o.priorityField === undefined && o.dialtimeField === undefined)) return o.mapping;
  const out = { ...o.mapping };
  for (const [flag, column, field] of [
    ['--priority-field', o.priorityField, j.priority],
    ['--dialtime-field', o.dialtimeField, j.dialtime],
  ] as const) {
    if (column === undefined) continue;
    const found = header.find((h) => h.trim().toLowerCase() === column.trim().toLowerCase());
    if (found === undefined) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `${flag} ${column}: the file has no column "${column}"; its columns are ${header.join(', ')}`,
      );
    }
    out[found] = field;
  }
  return out;
}
