import { describe, expect, it } from 'vitest';
import { cleanDatetime } from '../../../src/core/fields/datetime.js';
import { ctx, field } from './helpers.js';

describe('datetime', () => {
  it('stores instants in UTC ISO form', () => {
    expect(cleanDatetime('2024-03-15T14:30:00Z', field(), ctx())).toMatchObject({
      value: '2024-03-15T14:30:00.000Z',
    });
    expect(cleanDatetime('2024-03-15 16:30:00+02:00', field(), ctx())).toMatchObject({
      value: '2024-03-15T14:30:00.000Z',
    });
  });
  it('reads a date in any accepted form followed by a time, as UTC', () => {
    expect(cleanDatetime('15/03/2024 14:30', field(), ctx({ dateOrder: 'dmy' }))).toEqual({
      ok: true,
      value: '2024-03-15T14:30:00.000Z',
      rule: 'datetime_format',
    });
    expect(cleanDatetime('12/15/2016 15:06', field(), ctx({ dateOrder: 'mdy' }))).toMatchObject({
      value: '2016-12-15T15:06:00.000Z',
    });
  });
  it('refuses impossible times and future instants where declared', () => {
    expect(cleanDatetime('2024-03-15 25:00', field(), ctx())).toMatchObject({
      ok: false,
      code: 'INTAKE_E_DATE',
    });
    expect(
      cleanDatetime('2030-01-01T00:00:00Z', field({ notInFuture: true }), ctx()),
    ).toMatchObject({
      code: 'INTAKE_E_DATE_FUTURE',
    });
  });
});
