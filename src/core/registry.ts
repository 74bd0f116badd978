import { PLACEMENTS } from './memberships.js';
import { IntakeError } from './codes.js';
import { CUSTOM_TYPES, uniqueFields } from './schema.js';
import type { EntityType, FieldDef, Pack } from './schema.js';

/**
 * All loaded entity types. Resolves bare names (`customer`) where they are unique,
 * checks references across packs, and orders entity types so that referenced types
 * come first (the write order of a commit).
 */
export class Registry {
  readonly entities: EntityType[];

  constructor(readonly packs: Pack[]) {
    this.entities = packs.flatMap((p) => p.entities);
    const seen = new Map<string, string>();
    for (const e of this.entities) {
      const other = seen.get(e.table);
      if (other) {
        throw new IntakeError(
          'INTAKE_E_PACK',
          `${e.qualified} and ${other} both use the table "${e.table}"; give one of them another table:`,
        );
      }
      seen.set(e.table, e.qualified);
    }
    for (const e of this.entities) this.resolveReferences(e);
    for (const e of this.entities) this.checkNumbering(e);
    for (const e of this.entities) this.resolveLabels(e);
    for (const e of this.entities) this.resolveOptionsFrom(e);
    for (const e of this.entities) this.checkApplies(e);
    for (const e of this.entities) this.checkRange(e);
    for (const e of this.entities) this.checkGenerates(e);
    for (const e of this.entities) this.checkJoins(e);
    for (const e of this.entities) this.resolveCustomFields(e);
  }

  /** Declared fields are records with a name, a type, options, a separator, required. */
  private resolveCustomFields(e: EntityType): void {
    const c = e.customFields;
    if (!c) return;
    const t = this.entities.find((x) => x.qualified === c.entity);
    if (!t) this.fail(e, 'customFields.entity', `no entity type ${c.entity}`);
    const own = e.fields.find((f) => f.name === c.by)?.reference;
    if (!own) this.fail(e, 'customFields.by', `"${c.by}" is not a reference field of ${e.name}`);
    if (t.fields.find((f) => f.name === c.by)?.reference?.entity !== own.entity) {
      this.fail(
        e,
        'customFields.by',
        `${t.qualified} has no field "${c.by}" that references ${own.entity}`,
      );
    }
    const need: [string, string[]][] = [
      ['name', ['string']],
      ['type', ['enum']],
      ['options', ['string']],
      ['separator', ['string']],
      ['required', ['boolean']],
    ];
    for (const [name, types] of need) {
      if (!types.includes(t.fields.find((f) => f.name === name)?.type ?? '')) {
        this.fail(e, 'customFields.entity', `${t.qualified} needs a ${types[0]} field "${name}"`);
      }
    }
    const kinds = t.fields.find((f) => f.name === 'type')!.options ?? [];
    if (kinds.some((k) => !(k in CUSTOM_TYPES))) {
      this.fail(
        e,
        'customFields.entity',
        `the options of ${t.qualified}.type are among ${Object.keys(CUSTOM_TYPES).join(', ')}`,
      );
    }
    c.table = t.table;
  }

  /** A membership type references the joining type and a list type, and has the fields named. */
  private checkJoins(e: EntityType): void {
    const j = e.joins;
    if (!j) return;
    const t = this.entities.find((x) => x.qualified === j.entity);
    if (!t) this.fail(e, 'joins.entity', `no entity type ${j.entity}`);
    const field = (key: string, name: string) => {
      const f = t.fields.find((x) => x.name === name);
      if (!f) this.fail(e, `joins.${key}`, `"${name}" is not a field of ${t.qualified}`);
      return f;
    };
    if (field('member', j.member).reference?.entity !== e.qualified) {
      this.fail(e, 'joins.member', `"${j.member}" of ${t.qualified} does not reference ${e.name}`);
    }
    const list = field('list', j.list).reference;
    if (!list) this.fail(e, 'joins.list', `"${j.list}" of ${t.qualified} is not a reference`);
    if (field('from', j.from).reference?.entity !== list.entity) {
      this.fail(e, 'joins.from', `"${j.from}" of ${t.qualified} does not reference ${list.entity}`);
    }
    if (!this.get(list.entity).fields.some((x) => x.name === j.within)) {
      this.fail(e, 'joins.within', `"${j.within}" is not a field of ${list.entity}`);
    }
    field('agent', j.agent);
    field('phone', j.phone);
    const status = field('status', j.status);
    if (!status.options?.includes(j.success) || status.default === undefined) {
      this.fail(
        e,
        'joins.status',
        `"${j.status}" needs a default and "${j.success}" among its options`,
      );
    }
    const placement = field('placement', j.placement);
    for (const p of PLACEMENTS) {
      if (!placement.options?.includes(p)) {
        this.fail(e, 'joins.placement', `"${j.placement}" needs the option ${p}`);
      }
    }
    for (const to of Object.keys(j.copy)) field(`copy.${to}`, to);
  }

  /** The records a type generates are numbered by it, and take fields they have. */
  private checkGenerates(e: EntityType): void {
    const g = e.generates;
    if (!g) return;
    const t = this.entities.find((x) => x.qualified === g.entity);
    if (!t) this.fail(e, 'generates.entity', `no entity type ${g.entity}`);
    const by = t.numbering && t.fields.find((f) => f.name === t.numbering!.by);
    if (by?.reference?.entity !== e.qualified) {
      this.fail(e, 'generates.entity', `${t.qualified} has no numbering by ${e.name}`);
    }
    for (const [name, value] of [
      ...Object.keys(g.copy).map((k) => [k, undefined] as const),
      ...Object.entries(g.set),
    ]) {
      const f = t.fields.find((x) => x.name === name);
      const kind = value === undefined ? 'copy' : 'set';
      if (!f)
        this.fail(e, `generates.${kind}.${name}`, `"${name}" is not a field of ${t.qualified}`);
      if (value !== undefined && f.options && !f.options.includes(value)) {
        this.fail(e, `generates.set.${name}`, `"${value}" is not one of ${name}'s options`);
      }
    }
  }

  /** A range's dates are date fields of the record it names. */
  private checkRange(e: EntityType): void {
    const r = e.range;
    if (!r) return;
    const target = this.get(e.fields.find((f) => f.name === r.by)!.reference!.entity);
    for (const key of ['from', 'to'] as const) {
      const name = r[key];
      if (name !== undefined && target.fields.find((f) => f.name === name)?.type !== 'date') {
        this.fail(e, `range.${key}`, `"${name}" is not a date field of ${target.qualified}`);
      }
    }
  }

  private fail(e: EntityType, at: string, message: string): never {
    throw new IntakeError('INTAKE_E_PACK', `pack ${e.pack}: entities.${e.name}.${at}: ${message}`);
  }

  /** Options kept as records come from a type whose value is a string identifier. */
  private resolveOptionsFrom(e: EntityType): void {
    for (const f of e.fields.filter((x) => x.optionsFrom)) {
      const o = f.optionsFrom!;
      const at = `fields.${f.name}.optionsFrom`;
      const t = this.entities.find((x) => x.qualified === o.entity);
      if (!t) this.fail(e, at, `no entity type ${o.entity}`);
      if (
        !t.identifiers.includes(o.value) ||
        t.fields.find((x) => x.name === o.value)?.type !== 'string'
      ) {
        this.fail(e, `${at}.value`, `"${o.value}" is not a string identifier of ${t.qualified}`);
      }
      o.table = t.table;
    }
  }

  /** A field's labels name a type whose label is an identifier and whose meaning is one of the options. */
  private resolveLabels(e: EntityType): void {
    for (const f of e.fields) {
      const l = f.labels;
      if (!l) continue;
      const at = `fields.${f.name}.labels`;
      const t = this.entities.find((x) => x.qualified === l.entity);
      if (!t) this.fail(e, at, `no entity type ${l.entity}`);
      if (!t.identifiers.includes(l.label))
        this.fail(e, `${at}.label`, `"${l.label}" is not an identifier of ${t.qualified}`);
      const means = t.fields.find((x) => x.name === l.means);
      const outside = means?.options?.filter((o) => !f.options!.includes(o));
      if (!means?.options || outside!.length > 0) {
        this.fail(
          e,
          `${at}.means`,
          means?.options
            ? `${t.qualified}.${l.means} has options that ${f.name} lacks: ${outside!.join(', ')}`
            : `"${l.means}" is not an enum field of ${t.qualified}`,
        );
      }
      l.table = t.table;
    }
  }

  /** What an event writes into its target fits the target's fields. */
  private checkApplies(e: EntityType): void {
    if (!e.applies) return;
    const target = this.entities.find(
      (t) => t.qualified === e.fields.find((f) => f.name === e.applies!.to)!.reference!.entity,
    )!;
    for (const [name, own] of Object.entries(e.applies.set)) {
      const to = target.fields.find((f) => f.name === name);
      const from = e.fields.find((f) => f.name === own)!;
      if (!to)
        this.fail(e, `applies.set.${name}`, `"${name}" is not a field of ${target.qualified}`);
      const fits =
        to.type === from.type &&
        (!to.options || (from.options ?? []).every((o) => to.options!.includes(o))) &&
        (to.labels?.entity ?? null) === (from.labels?.entity ?? null);
      if (!fits) {
        this.fail(
          e,
          `applies.set.${name}`,
          `${e.name}.${own} does not fit ${target.qualified}.${name} (same type, options and labels needed)`,
        );
      }
    }
  }

  /** The series a numbering names has the fields it names (checked once targets are known). */
  private checkNumbering(e: EntityType): void {
    const n = e.numbering;
    if (!n) return;
    const ref = e.fields.find((f) => f.name === n.by)!.reference!;
    const target = this.entities.find((t) => t.qualified === ref.entity)!;
    for (const key of ['prefix', 'suffix', 'length'] as const) {
      const name = n[key];
      if (name === undefined) continue;
      const f = target.fields.find((x) => x.name === name);
      const ok = f && (key === 'length' ? f.type === 'integer' : f.type === 'string');
      if (!ok) {
        throw new IntakeError(
          'INTAKE_E_PACK',
          `pack ${e.pack}: entities.${e.name}.numbering.${key}: "${name}" is not ${key === 'length' ? 'an integer' : 'a string'} field of ${target.qualified}`,
        );
      }
    }
  }

  private resolveReferences(e: EntityType): void {
    const selfRefs = e.fields.filter((f) => f.reference?.entity === e.qualified);
    if (selfRefs.length > 1) {
      throw new IntakeError(
        'INTAKE_E_PACK',
        `pack ${e.pack}: entities.${e.name}: ${selfRefs.map((f) => f.name).join(' and ')} both reference ${e.name}; one field may name a parent of the same type`,
      );
    }
    for (const f of e.fields) {
      if (!f.reference) continue;
      const target = this.entities.find((t) => t.qualified === f.reference!.entity);
      const at = `entities.${e.name}.fields.${f.name}.references`;
      if (!target) {
        throw new IntakeError(
          'INTAKE_E_PACK',
          `pack ${e.pack}: ${at}: no entity type ${f.reference.entity}`,
        );
      }
      f.reference.table = target.table;
      f.reference.identifiers = uniqueFields(target).map((x) => ({
        field: x.name,
        names: [x.name, x.label, ...x.aliases],
        type: x.type,
      }));
      f.reference.lookups = target.lookups;
      const usable = [...uniqueFields(target).map((x) => x.name), ...target.lookups];
      if (f.lookup && !usable.includes(f.lookup)) {
        this.fail(
          e,
          `fields.${f.name}.lookup`,
          `"${f.lookup}" is not an identifier, unique field or lookup of ${target.qualified}`,
        );
      }
      if (f.scopedBy && !target.fields.some((x) => x.name === f.scopedBy)) {
        this.fail(
          e,
          `fields.${f.name}.scopedBy`,
          `${target.qualified} has no field "${f.scopedBy}" to share`,
        );
      }
      if (!f.reference.field) f.reference.field = target.identifiers[0]!;
      if (!target.identifiers.includes(f.reference.field)) {
        throw new IntakeError(
          'INTAKE_E_PACK',
          `pack ${e.pack}: ${at}: ${f.reference.field} is not an identifier of ${target.qualified} (identifiers: ${target.identifiers.join(', ')})`,
        );
      }
    }
  }

  /** The type whose records an event type changes (`applies`), if it is one. */
  appliesTo(e: EntityType): EntityType | undefined {
    if (!e.applies) return undefined;
    return this.get(e.fields.find((f) => f.name === e.applies!.to)!.reference!.entity);
  }

  /** Entity types with a field that references `e`, each with that field. */
  referencing(e: EntityType): [EntityType, FieldDef][] {
    return this.entities.flatMap((o) =>
      o.fields
        .filter((f) => f.reference?.entity === e.qualified)
        .map((f): [EntityType, FieldDef] => [o, f]),
    );
  }

  /** Find an entity type by qualified or bare name. */
  get(name: string): EntityType {
    const found = this.candidates(name);
    if (found.length === 1) return found[0]!;
    throw ambiguous(name, found);
  }

  /**
   * The entity types a name may mean: the one with that qualified name, else every
   * one with that bare name (several when packs share a name, as `customer` in
   * billing and loyalty; a file's headers can then tell which is meant).
   */
  candidates(name: string): EntityType[] {
    const exact = this.entities.find((e) => e.qualified === name);
    if (exact) return [exact];
    const bare = this.entities.filter((e) => e.name === name);
    if (bare.length > 0) return bare;
    throw new IntakeError(
      'INTAKE_E_ENTITY_UNKNOWN',
      `No entity type "${name}". Known: ${this.entities.map((e) => e.qualified).join(', ') || 'none'}`,
    );
  }

  /** The entity types that `e` references (other than itself), labels included. */
  dependencies(e: EntityType): EntityType[] {
    const names = new Set(
      e.fields.flatMap((f) => [
        ...(f.reference && f.reference.entity !== e.qualified ? [f.reference.entity] : []),
        ...(f.labels ? [f.labels.entity] : []),
        ...(f.optionsFrom ? [f.optionsFrom.entity] : []),
      ]),
    );
    if (e.customFields) names.add(e.customFields.entity);
    return this.entities.filter((t) => names.has(t.qualified));
  }

  /** The given entity types with every referenced type before those that reference it. */
  writeOrder(types: EntityType[]): EntityType[] {
    const wanted = new Set(types.map((t) => t.qualified));
    const done = new Set<string>();
    const order: EntityType[] = [];
    const visit = (e: EntityType, path: string[]): void => {
      if (done.has(e.qualified)) return;
      if (path.includes(e.qualified)) {
        throw new IntakeError(
          'INTAKE_E_PACK',
          `entity types reference each other in a cycle: ${[...path, e.qualified].join(' -> ')}`,
        );
      }
      for (const d of this.dependencies(e)) visit(d, [...path, e.qualified]);
      done.add(e.qualified);
      if (wanted.has(e.qualified)) order.push(e);
    };
    for (const t of types) visit(t, []);
    return order;
  }
}

export function ambiguous(name: string, found: EntityType[], why = ''): IntakeError {
  return new IntakeError(
    'INTAKE_E_ENTITY_AMBIGUOUS',
    `"${name}" is declared by several packs${why}: use one of ${found.map((e) => e.qualified).join(', ')}`,
    { candidates: found.map((e) => e.qualified) },
  );
}
