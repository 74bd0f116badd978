import { describe, expect, it } from 'vitest';
import { IntakeError } from '../../src/core/codes.js';
import { parsePack } from '../../src/core/pack.js';
import { Registry } from '../../src/core/registry.js';

const minimal = {
  pack: 'shop',
  entities: {
    store: { identifiers: ['code'], fields: { code: { type: 'string', required: true } } },
    customer: {
      identifiers: ['email'],
      defaults: { commit: 'partial' },
      fields: {
        email: { type: 'email' },
        store: { type: 'reference', references: 'store' },
        tier: { type: 'enum', options: ['A', 'B'] },
      },
    },
  },
};

function packError(doc: unknown): string {
  try {
    parsePack(doc, 'my.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(IntakeError);
    expect((e as IntakeError).code).toBe('INTAKE_E_PACK');
    return (e as Error).message;
  }
  throw new Error('expected the pack to be refused');
}

/** The message of a pack the loader takes but the registry refuses (a cross-type check). */
function registryError(doc: unknown): string {
  const pack = parsePack(doc, 'my.yaml');
  try {
    new Registry([pack]);
  } catch (e) {
    expect((e as IntakeError).code).toBe('INTAKE_E_PACK');
    return (e as Error).message;
  }
  throw new Error('expected the registry to refuse the pack');
}

describe('pack files', () => {
  it('become entity types with defaults filled in', () => {
    const pack = parsePack(minimal, 'my.yaml');
    const customer = pack.entities.find((e) => e.name === 'customer')!;
    expect(customer.qualified).toBe('shop.customer');
    expect(customer.table).toBe('shop_customer');
    expect(customer.defaults).toEqual({ commit: 'partial' });
    expect(customer.fields[0]).toMatchObject({
      name: 'email',
      label: 'Email',
      required: false,
      aliases: [],
    });
    expect(customer.fields[1]!.reference).toEqual({ entity: 'shop.store', field: '' });
  });

  it.each([
    [{ ...minimal, pack: 'Bad Name' }, 'pack: use lower case'],
    [{ ...minimal, extra: 1 }, 'Unrecognized key'],
    [
      { pack: 'p', entities: { a: { identifiers: ['x'], fields: { x: { type: 'text' } } } } },
      'entities.a.fields.x.type',
    ],
    [
      { pack: 'p', entities: { a: { identifiers: ['y'], fields: { x: { type: 'string' } } } } },
      'entities.a.identifiers.0',
    ],
    [
      { pack: 'p', entities: { a: { identifiers: ['x'], fields: { x: { type: 'enum' } } } } },
      'entities.a.fields.x.options',
    ],
    [
      { pack: 'p', entities: { a: { identifiers: ['id'], fields: { id: { type: 'string' } } } } },
      'reserved',
    ],
    [
      {
        pack: 'p',
        entities: { a: { identifiers: ['x'], fields: { x: { type: 'string', pattern: '(' } } } },
      },
      'entities.a.fields.x.pattern: not a valid regular expression',
    ],
    [
      { pack: 'p', entities: { a: { identifiers: ['x'], fields: { x: { type: 'reference' } } } } },
      'entities.a.fields.x.references',
    ],
  ])('refuses mistakes and names the key (%#)', (doc, where) => {
    expect(packError(doc)).toContain(where);
  });
});

describe('registry', () => {
  const other = {
    pack: 'crm',
    entities: { customer: { identifiers: ['code'], fields: { code: { type: 'string' } } } },
  };
  const registry = new Registry([parsePack(minimal, 'a.yaml'), parsePack(other, 'b.yaml')]);

  it('declares what operations mean: activity, anonymize rules and cascade, each checked', () => {
    const customer = (extra: object, fields: object = {}) => ({
      ...minimal,
      entities: {
        ...minimal.entities,
        customer: {
          ...minimal.entities.customer,
          fields: {
            ...minimal.entities.customer.fields,
            name: { type: 'string', required: true },
            born: { type: 'date' },
            ...fields,
          },
          ...extra,
        },
      },
    });
    const pack = parsePack(
      customer({
        activity: { field: 'tier', active: 'A', inactive: 'B' },
        anonymize: { email: 'domain', born: 'year', name: { text: 'Anonymous' } },
      }),
      'my.yaml',
    );
    const c = pack.entities.find((e) => e.name === 'customer')!;
    expect(c.activity).toEqual({ field: 'tier', active: 'A', inactive: ['B'] });
    expect(c.anonymize).toEqual({
      email: { rule: 'domain' },
      born: { rule: 'year' },
      name: { rule: 'text', text: 'Anonymous' },
    });
    expect(
      packError(customer({ activity: { field: 'tier', active: 'A', inactive: ['C'] } })),
    ).toContain(`entities.customer.activity.inactive.0: "C" is not one of tier's options (A, B)`);
    expect(packError(customer({ anonymize: { name: 'blank' } }))).toContain(
      'entities.customer.anonymize.name: name is required',
    );
    expect(packError(customer({ anonymize: { email: { text: 'x@y.z' } } }))).toContain(
      'text does not apply to a email field',
    );
    expect(packError(customer({ anonymize: { born: 'domain' } }))).toContain(
      'domain does not apply to a date field',
    );
    expect(
      packError(
        customer({ anonymize: { code: 'hash' } }, { code: { type: 'string', maxLength: 8 } }),
      ),
    ).toContain('too few for a 16-digit hash');
    const cascading = {
      ...minimal,
      entities: {
        ...minimal.entities,
        store: { ...minimal.entities.store, cascade: ['customer'] },
      },
    };
    expect(parsePack(cascading, 'my.yaml').entities[0]!.cascade).toEqual(['shop.customer']);
    const wrong = {
      ...minimal,
      entities: {
        ...minimal.entities,
        customer: { ...minimal.entities.customer, cascade: ['store'] },
      },
    };
    expect(packError(wrong)).toContain(
      'entities.customer.cascade.0: "store" is not an entity type of this pack with a reference to customer',
    );
  });

  it('declares protected states, and names a field or value that does not exist', () => {
    const withProtect = (protect: unknown) => ({
      ...minimal,
      entities: { ...minimal.entities, customer: { ...minimal.entities.customer, protect } },
    });
    const pack = parsePack(withProtect([{ field: 'tier', values: ['B'] }]), 'my.yaml');
    expect(pack.entities.find((e) => e.name === 'customer')!.protect).toEqual([
      { field: 'tier', values: ['B'] },
    ]);
    expect(pack.entities.find((e) => e.name === 'store')!.protect).toEqual([]);
    expect(packError(withProtect([{ field: 'status', values: ['X'] }]))).toContain(
      'entities.customer.protect.0.field: "status" is not a field of customer',
    );
    expect(packError(withProtect([{ field: 'tier', values: ['C'] }]))).toContain(
      `entities.customer.protect.0.values.0: "C" is not one of tier's options (A, B)`,
    );
  });

  it('resolves references to the target identifier and table', () => {
    const f = registry.get('shop.customer').fields.find((x) => x.name === 'store')!;
    expect(f.reference).toEqual({
      entity: 'shop.store',
      field: 'code',
      table: 'shop_store',
      // The target's identifiers and the headers that mean each: a column headed so
      // names the store by it.
      identifiers: [{ field: 'code', names: ['code', 'Code'], type: 'string' }],
      lookups: [],
    });
  });
  it('accepts a bare name only where it is unique', () => {
    expect(registry.get('store').qualified).toBe('shop.store');
    expect(() => registry.get('customer')).toThrow(/shop\.customer, crm\.customer/);
    expect(() => registry.get('nothing')).toThrow(IntakeError);
  });
  it('orders referenced types first', () => {
    const order = registry.writeOrder([registry.get('shop.customer'), registry.get('shop.store')]);
    expect(order.map((e) => e.qualified)).toEqual(['shop.store', 'shop.customer']);
  });
  it('refuses a reference to an identifier that is not one', () => {
    const bad = {
      pack: 'x',
      entities: {
        a: { identifiers: ['k'], fields: { k: { type: 'string' }, n: { type: 'string' } } },
        b: {
          identifiers: ['k'],
          fields: { k: { type: 'string' }, r: { type: 'reference', references: 'a.n' } },
        },
      },
    };
    expect(() => new Registry([parsePack(bad, 'x.yaml')])).toThrow(
      /n is not an identifier of x\.a/,
    );
  });
});

describe('numbering', () => {
  const series = (numbering: object, length: object = { type: 'integer' }) => ({
    pack: 'cards',
    entities: {
      series: {
        identifiers: ['code'],
        fields: { code: { type: 'string' }, prefix: { type: 'string' }, size: length },
      },
      card: {
        identifiers: ['number'],
        numbering,
        fields: { number: { type: 'string' }, series: { type: 'reference', references: 'series' } },
      },
    },
  });
  it('names the number, the reference to its series and the series fields, each checked', () => {
    const ok = new Registry([
      parsePack(
        series({ field: 'number', by: 'series', prefix: 'prefix', length: 'size' }),
        'c.yaml',
      ),
    ]);
    expect(ok.get('cards.card').numbering).toEqual({
      field: 'number',
      by: 'series',
      prefix: 'prefix',
      length: 'size',
    });
    expect(packError(series({ field: 'number', by: 'number' }))).toContain(
      'entities.card.numbering.by: "number" is not a reference field of card',
    );
    expect(
      () =>
        new Registry([
          parsePack(
            series({ field: 'number', by: 'series', length: 'size' }, { type: 'string' }),
            'c.yaml',
          ),
        ]),
    ).toThrow('entities.card.numbering.length: "size" is not an integer field of cards.series');
  });
});

describe('labels, events that apply and lookups', () => {
  const pack = (over: { status?: object; applies?: object; lookups?: string[] } = {}) => ({
    pack: 'crm',
    entities: {
      status_label: {
        identifiers: ['label'],
        lookups: over.lookups,
        fields: {
          label: { type: 'string' },
          status: { type: 'enum', options: ['Active', 'Suspended'] },
        },
      },
      member: {
        identifiers: ['code'],
        fields: {
          code: { type: 'string' },
          status: over.status ?? {
            type: 'enum',
            options: ['Active', 'Suspended', 'Gone'],
            labels: { entity: 'status_label', label: 'label', means: 'status' },
          },
        },
      },
      change: {
        identifiers: ['ref'],
        applies: over.applies ?? { to: 'member', set: { status: 'status' } },
        fields: {
          ref: { type: 'string' },
          member: { type: 'reference', references: 'member' },
          status: {
            type: 'enum',
            options: ['Active', 'Suspended'],
            labels: { entity: 'status_label', label: 'label', means: 'status' },
          },
        },
      },
    },
  });

  it('resolves labels and applies, and writes labels before the types that use them', () => {
    const r = new Registry([parsePack(pack(), 'crm.yaml')]);
    const member = r.get('crm.member');
    expect(member.fields[1]!.labels).toEqual({
      entity: 'crm.status_label',
      label: 'label',
      means: 'status',
      table: 'crm_status_label',
    });
    expect(r.appliesTo(r.get('crm.change'))?.qualified).toBe('crm.member');
    expect(r.writeOrder([member]).map((e) => e.qualified)).toEqual(['crm.member']);
    expect(r.dependencies(member).map((e) => e.qualified)).toEqual(['crm.status_label']);
  });

  it('refuses labels and applies that cannot work, naming the key', () => {
    expect(
      registryError(
        pack({
          status: {
            type: 'enum',
            options: ['Active'],
            labels: { entity: 'status_label', label: 'label', means: 'status' },
          },
        }),
      ),
    ).toContain(
      'fields.status.labels.means: crm.status_label.status has options that status lacks: Suspended',
    );
    expect(
      registryError(
        pack({
          status: {
            type: 'enum',
            options: ['Active', 'Suspended'],
            labels: { entity: 'status_label', label: 'status', means: 'status' },
          },
        }),
      ),
    ).toContain('"status" is not an identifier of crm.status_label');
    expect(
      packError(
        pack({
          status: {
            type: 'string',
            labels: { entity: 'status_label', label: 'label', means: 'status' },
          },
        }),
      ),
    ).toContain('only enum fields have labels');
    expect(packError(pack({ applies: { to: 'ref', set: { status: 'status' } } }))).toContain(
      'entities.change.applies.to: "ref" is not a reference field of change',
    );
    expect(registryError(pack({ applies: { to: 'member', set: { code: 'status' } } }))).toContain(
      'applies.set.code: change.status does not fit crm.member.code',
    );
    expect(packError(pack({ lookups: ['nickname'] }))).toContain(
      'entities.status_label.lookups.0: "nickname" is not a field of status_label',
    );
  });
});

describe('range', () => {
  const doc = (range: object, from: object = { type: 'date' }) => ({
    pack: 'coupons',
    entities: {
      series: { identifiers: ['code'], fields: { code: { type: 'string' }, starts: from } },
      redemption: {
        identifiers: ['code'],
        range,
        fields: {
          code: { type: 'string' },
          at: { type: 'datetime' },
          series: { type: 'reference', references: 'series' },
        },
      },
    },
  });
  it('names a date, the reference and date fields of the record it names, each checked', () => {
    const r = new Registry([
      parsePack(doc({ field: 'at', by: 'series', from: 'starts' }), 'c.yaml'),
    ]);
    expect(r.get('coupons.redemption').range).toEqual({
      field: 'at',
      by: 'series',
      from: 'starts',
    });
    expect(packError(doc({ field: 'code', by: 'series' }))).toContain(
      'entities.redemption.range.field: "code" is not a date field of redemption',
    );
    expect(packError(doc({ field: 'at', by: 'code' }))).toContain(
      'entities.redemption.range.by: "code" is not a reference field of redemption',
    );
    expect(
      () =>
        new Registry([
          parsePack(
            doc({ field: 'at', by: 'series', from: 'starts' }, { type: 'string' }),
            'c.yaml',
          ),
        ]),
    ).toThrow('entities.redemption.range.from: "starts" is not a date field of coupons.series');
  });
});

describe('generates', () => {
  const doc = (
    generates: object,
    numbering: object | null = { field: 'number', by: 'series' },
  ) => ({
    pack: 'cards',
    entities: {
      series: {
        identifiers: ['code'],
        generates,
        fields: {
          code: { type: 'string' },
          on: { type: 'boolean' },
          count: { type: 'integer' },
          shop: { type: 'string' },
        },
      },
      card: {
        identifiers: ['number'],
        numbering: numbering ?? undefined,
        fields: {
          number: { type: 'string' },
          series: { type: 'reference', references: 'series' },
          state: { type: 'enum', options: ['NEW', 'USED'] },
          shop: { type: 'string' },
        },
      },
    },
  });
  it('names a boolean switch, an integer count and fields of records numbered by the type', () => {
    const good = {
      entity: 'card',
      when: 'on',
      count: 'count',
      copy: { shop: 'shop' },
      set: { state: 'NEW' },
    };
    expect(new Registry([parsePack(doc(good), 'c.yaml')]).get('cards.series').generates).toEqual({
      ...good,
      entity: 'cards.card',
    });
    expect(packError(doc({ ...good, when: 'count' }))).toContain(
      'entities.series.generates.when: "count" is not a boolean field of series',
    );
    expect(packError(doc({ ...good, count: 'shop' }))).toContain(
      'entities.series.generates.count: "shop" is not an integer field of series',
    );
    expect(registryError(doc(good, null))).toContain(
      'entities.series.generates.entity: cards.card has no numbering by series',
    );
    expect(registryError(doc({ ...good, set: { state: 'OLD' } }))).toContain(
      'generates.set.state: "OLD" is not one of state\'s options',
    );
    expect(registryError(doc({ ...good, copy: { colour: 'shop' } }))).toContain(
      'generates.copy.colour: "colour" is not a field of cards.card',
    );
  });
});

describe('scopedBy', () => {
  const doc = (account: object, accountFields: object = { channel: { type: 'string' } }) => ({
    pack: 'subs',
    entities: {
      account: { identifiers: ['name'], fields: { name: { type: 'string' }, ...accountFields } },
      subscription: {
        identifiers: ['ref'],
        fields: { ref: { type: 'string' }, channel: { type: 'string' }, account },
      },
    },
  });
  it('scopes a reference by a field its target shares, each checked', () => {
    const ok = { type: 'reference', references: 'account', scopedBy: 'channel' };
    const r = new Registry([parsePack(doc(ok), 's.yaml')]);
    expect(r.get('subs.subscription').fields[2]!.scopedBy).toBe('channel');
    expect(packError(doc({ type: 'string', scopedBy: 'channel' }))).toContain(
      'fields.account.scopedBy: only reference fields have a scope',
    );
    expect(packError(doc({ ...ok, scopedBy: 'colour' }))).toContain(
      'fields.account.scopedBy: "colour" is not a field of subscription',
    );
    expect(() => new Registry([parsePack(doc(ok, {}), 's.yaml')])).toThrow(
      'fields.account.scopedBy: subs.account has no field "channel" to share',
    );
  });
});

describe('multienum', () => {
  const doc = (skills: object) => ({
    pack: 'crew',
    entities: {
      tech: { identifiers: ['code'], fields: { code: { type: 'string' }, skills } },
    },
  });
  it('takes options and a separator, each checked', () => {
    const ok = new Registry([
      parsePack(doc({ type: 'multienum', options: ['a', 'b'], separator: '|' }), 'c.yaml'),
    ]);
    expect(ok.get('crew.tech').fields[1]).toMatchObject({ type: 'multienum', separator: '|' });
    expect(packError(doc({ type: 'multienum' }))).toContain('a multienum field needs options');
    expect(packError(doc({ type: 'string', separator: '|' }))).toContain(
      'only multienum fields have a separator',
    );
    expect(packError(doc({ type: 'multienum', options: ['a,b', 'c'] }))).toContain(
      'fields.skills.options: "a,b" holds the separator ","',
    );
  });
});

describe('lookup', () => {
  const doc = (status: object) => ({
    pack: 'flow',
    entities: {
      step: {
        identifiers: ['key'],
        lookups: ['name'],
        fields: { key: { type: 'string' }, name: { type: 'string' }, note: { type: 'string' } },
      },
      client: { identifiers: ['name'], fields: { name: { type: 'string' }, status } },
    },
  });
  it('names the field files give a reference by, checked against the target', () => {
    const ok = new Registry([
      parsePack(doc({ type: 'reference', references: 'step', lookup: 'name' }), 'f.yaml'),
    ]);
    expect(ok.get('flow.client').fields[1]!.lookup).toBe('name');
    expect(packError(doc({ type: 'string', lookup: 'name' }))).toContain(
      'fields.status.lookup: only reference fields are looked up',
    );
    expect(registryError(doc({ type: 'reference', references: 'step', lookup: 'note' }))).toContain(
      'fields.status.lookup: "note" is not an identifier, unique field or lookup of flow.step',
    );
  });
});

describe('optionsFrom', () => {
  const doc = (region: object, option: object = { name: { type: 'string' } }) => ({
    pack: 'inv',
    entities: {
      region: { identifiers: ['name'], fields: option },
      site: { identifiers: ['code'], fields: { code: { type: 'string' }, region } },
    },
  });
  it('takes options from records of a type, by a string identifier', () => {
    const ok = {
      type: 'enum',
      options: ['North'],
      optionsFrom: { entity: 'region', value: 'name' },
    };
    const r = new Registry([parsePack(doc(ok), 'i.yaml')]);
    expect(r.get('inv.site').fields[1]!.optionsFrom).toEqual({
      entity: 'inv.region',
      value: 'name',
      table: 'inv_region',
    });
    expect(
      packError(doc({ type: 'string', optionsFrom: { entity: 'region', value: 'name' } })),
    ).toContain('fields.region.optionsFrom: only enum and multienum fields have options');
    expect(registryError(doc(ok, { name: { type: 'integer' } }))).toContain(
      'fields.region.optionsFrom.value: "name" is not a string identifier of inv.region',
    );
  });
});
