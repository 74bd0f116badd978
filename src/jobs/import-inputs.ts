import { joinMapping } from '../core/memberships.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IntakeError } from '../core/codes.js';
import { OPERATION_FIELD } from '../core/operations.js';
import type { ImportOptions } from '../core/options.js';
import { detectEntity, type Detection } from '../core/pipeline/detect.js';
import { mapHeaders, type Mapping } from '../core/pipeline/map.js';
import { ambiguous, type Registry } from '../core/registry.js';
import { uniqueFields, type EntityType, type FieldDef } from '../core/schema.js';
import { DEFAULT_FETCH_POLICY, fetchSource, isUrl } from '../sources/fetch/index.js';
import { openInlineSheet, openSource } from '../sources/open.js';
import type { Sheet } from '../sources/sheet.js';
import type { Input, SkippedMember } from './import-types.js';
import type { ValidateRequest } from './import-validate.js';

/**
 * The first step of an import: every source opened (URLs fetched, archives
 * unpacked into `workDir`), each sheet given its entity type and mapping. A usage
 * mistake fails here, before anything is staged.
 */
/**
 * What is wrong with one file and not the import: its header, its text, its container.
 * With several files, such a file is refused on its own (kept in `refused`); whether
 * the import goes on without it is the commit mode's call.
 */
const FILE_CODES = new Set<string>([
  'INTAKE_E_HEADER',
  'INTAKE_E_CSV',
  'INTAKE_E_ENCODING',
  'INTAKE_E_JSON',
  'INTAKE_E_XLSX',
  'INTAKE_E_XLSX_LIMIT',
  'INTAKE_E_FILE_EMPTY',
]);

export const fileProblem = (e: unknown): e is IntakeError =>
  e instanceof IntakeError && FILE_CODES.has(e.code);

export async function openInputs(
  registry: Registry,
  req: Pick<ValidateRequest, 'files' | 'inline' | 'entity' | 'options' | 'fetch' | 'limits'>,
  workDir: string,
): Promise<{ inputs: Input[]; skipped: SkippedMember[]; refused: Refused[] }> {
  const user = req.options;
  const inputs: Input[] = [];
  const sheets: Sheet[] = [];
  const skipped: SkippedMember[] = [];
  const refused: Refused[] = [];
  const several = req.files.length + (req.inline === undefined ? 0 : 1) > 1;
  const named = req.entity ? registry.candidates(req.entity) : undefined;
  // Hidden rows are decided while reading: the user's choice, else the entity's.
  const hiddenRows =
    user.hiddenRows ?? (named?.length === 1 ? named[0]!.defaults.hiddenRows : undefined);
  for (const [i, given] of req.files.entries()) {
    const dir = join(workDir, String(i + 1));
    await mkdir(dir, { recursive: true });
    // A URL is fetched into the work folder first, then read like any file.
    const fetched = isUrl(given)
      ? await fetchSource(given, dir, req.fetch ?? DEFAULT_FETCH_POLICY)
      : undefined;
    let opened;
    try {
      opened = await openSource(
        fetched?.path ?? given,
        { ...user, hiddenRows },
        dir,
        req.limits,
        fetched?.name,
        (member, e) => refused.push({ name: member, error: e }),
      );
    } catch (e) {
      if (!several || !fileProblem(e)) throw e;
      refused.push({ name: fetched?.name ?? given.split(/[\\/]/).pop()!, error: e });
      continue;
    }
    sheets.push(...opened.sheets);
    skipped.push(
      ...opened.skipped.map((s) => ({ ...s, code: 'INTAKE_W_MEMBER_SKIPPED' as const })),
    );
  }
  if (req.inline !== undefined) sheets.push(await openInlineSheet(req.inline, user));
  for (const sheet of sheets) {
    let entity = named ? pickNamed(req.entity!, named, sheet) : undefined;
    if (!entity) {
      const d = detectEntity(registry.entities, sheet.header, sheet.facts.name);
      if (!d.entity && sheet.facts.archive) {
        // A member of unknown type is reported and left out, as the seed products do.
        skipped.push({
          name: sheet.facts.name,
          reason: undetected('UNKNOWN', d),
          code: 'INTAKE_W_MEMBER_SKIPPED',
        });
        continue;
      }
      if (!d.entity) {
        throw new IntakeError(
          'INTAKE_E_ENTITY_UNDETECTED',
          `${undetected(sheet.facts.name, d)}; choose its entity type (--entity)`,
          { candidates: d.candidates },
        );
      }
      entity = d.entity;
    }
    const mapping = mapHeaders(
      sheet.header,
      entity,
      joinMapping(entity, sheet.header, user),
      user.lookup,
      user.unmapped,
    );
    inputs.push({
      fileNo: inputs.length + 1,
      sheet,
      entity,
      mapping,
      rows: 0,
      facts: sheet.facts,
      columns: { dateOrders: {} },
    });
  }
  if (inputs.length === 0 && refused.length > 0) throw refused[0]!.error;
  if (inputs.length === 0) {
    throw new IntakeError(
      'INTAKE_E_FILE_EMPTY',
      `nothing to import: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ') || 'no data file given'}`,
    );
  }
  return { inputs, skipped, refused };
}

/** A file (or archive member) refused whole: it is not read further. */
export interface Refused {
  name: string;
  error: IntakeError;
}

/** A bare name several packs declare: the sheet's headers and name must tell which. */
function pickNamed(name: string, named: EntityType[], sheet: Sheet): EntityType {
  if (named.length === 1) return named[0]!;
  const d = detectEntity(named, sheet.header, sheet.facts.name, 0);
  if (d.entity) return d.entity;
  throw ambiguous(name, named, `, and the headers of ${sheet.facts.name} do not tell which`);
}

function undetected(name: string, d: Detection): string {
  const top = d.candidates.map((c) => `${c.entity} ${Math.round(c.score * 100)}%`).join(', ');
  return d.tie
    ? `${name}: the headers fit several entity types equally (${top})`
    : `${name}: the headers match no entity type well enough (best: ${top || 'none'})`;
}

/**
 * How an entity type's references look their targets up: the pack's own choice, then
 * a column whose header names the target's identifier (a card file's "Mobile"), then
 * the user's (`--lookup`). Per entity type: another type's "customer" column may name
 * customers otherwise.
 */
export function lookupsOf(
  entity: EntityType,
  mappings: Mapping[],
  options: Pick<ImportOptions, 'lookup'>,
): Record<string, string> {
  const declared = entity.fields.filter((f) => f.lookup).map((f) => [f.name, f.lookup!]);
  const named = mappings
    .flatMap((m) => m.columns.filter((c) => c.field && c.lookup))
    .map((c) => [c.field!, c.lookup!]);
  return { ...Object.fromEntries(declared), ...Object.fromEntries(named), ...options.lookup };
}

/** The match key: the option, else the first identifier every file of the entity maps. */
export function matchField(
  entity: EntityType,
  inputs: Input[],
  options: ImportOptions,
): FieldDef | undefined {
  const mine = inputs.filter((i) => i.entity.qualified === entity.qualified);
  const mapped = (name: string) =>
    mine.every((i) => i.mapping.columns.some((c) => c.field === name));
  if (options.match) {
    const f = uniqueFields(entity).find((x) => x.name === options.match);
    if (!f) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `--match ${options.match}: not an identifier of ${entity.qualified} (use one of ${uniqueFields(
          entity,
        )
          .map((x) => x.name)
          .join(', ')})`,
      );
    }
    if (!mapped(f.name)) {
      throw new IntakeError(
        'INTAKE_E_USAGE',
        `--match ${f.name}: no column of the file maps to ${f.name}`,
      );
    }
    return f;
  }
  const id = entity.identifiers.find(mapped);
  const perRow = mine.some((i) => i.mapping.columns.some((c) => c.field === OPERATION_FIELD));
  // A type whose rows are events (created, never matched: its pack's default mode is
  // create) needs no key, even among other types imported together.
  const creates = options.mode === 'create' || entity.defaults.mode === 'create';
  if (!id && (!creates || perRow)) {
    throw new IntakeError(
      'INTAKE_E_USAGE',
      `${perRow ? 'an operation column' : options.mode} needs a match key, and no column maps to an identifier of ${entity.qualified} (${entity.identifiers.join(', ')}); map one or use --mode create`,
    );
  }
  return id ? entity.fields.find((f) => f.name === id) : undefined;
}

export function withDependencies(registry: Registry, types: EntityType[]): EntityType[] {
  const all = new Map<string, EntityType>();
  const add = (e: EntityType) => {
    if (all.has(e.qualified)) return;
    all.set(e.qualified, e);
    registry.dependencies(e).forEach(add);
  };
  types.forEach(add);
  return registry.writeOrder([...all.values()]);
}
