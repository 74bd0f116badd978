import { describe, expect, it } from 'vitest';
import { cleanDate } from '../../../src/core/fields/date.js';
import { DateColumnProfile, readDate } from '../../../src/core/fields/date-parts.js';
import { ctx, field } from './helpers.js';

const today = '2026-11-21';

describe('date', () => {
  it('reads ISO dates without a correction', () => {
    expect(cleanDate('2024-03-15', field(), ctx())).toEqual({ ok: true, value: '2024-03-15' });
  });
  it('reads other year-first forms and month names, recorded', () => {
    expect(cleanDate('2024/3/5', field(), ctx())).toEqual({
      ok: true,
      value: '2024-03-05',
      rule: 'date_format',
    });
    expect(cleanDate('20240315', field(), ctx())).toMatchObject({ value: '2024-03-15' });
    expect(cleanDate('15 Mar 2024', field(), ctx())).toMatchObject({ value: '2024-03-15' });
    expect(cleanDate('March 15, 2024', field(), ctx())).toMatchObject({ value: '2024-03-15' });
    expect(cleanDate('15-Mar-24', field(), ctx())).toMatchObject({ value: '2024-03-15' });
  });
  it('applies the column order to numeric dates', () => {
    expect(cleanDate('03/04/2024', field(), ctx({ dateOrder: 'dmy' }))).toMatchObject({
      value: '2024-04-03',
    });
    expect(cleanDate('03/04/2024', field(), ctx({ dateOrder: 'mdy' }))).toMatchObject({
      value: '2024-03-04',
    });
    expect(cleanDate('15.03.24', field(), ctx({ dateOrder: 'dmy' }))).toMatchObject({
      value: '2024-03-15',
    });
    expect(cleanDate('15.03.89', field(), ctx({ dateOrder: 'dmy' }))).toMatchObject({
      value: '1989-03-15',
    });
  });
  it('flags a date that reads two ways when the column does not tell', () => {
    expect(cleanDate('03/04/2024', field(), ctx({ dateOrder: 'ambiguous' }))).toMatchObject({
      ok: false,
      code: 'INTAKE_E_DATE_AMBIGUOUS',
    });
    // A date that reads the same either way is never ambiguous.
    expect(cleanDate('05/05/2024', field(), ctx({ dateOrder: 'ambiguous' }))).toMatchObject({
      value: '2024-05-05',
    });
    // Nor is one whose other reading is impossible.
    expect(cleanDate('15/03/2024', field(), ctx({ dateOrder: 'ambiguous' }))).toMatchObject({
      value: '2024-03-15',
    });
  });
  it('refuses impossible days and text', () => {
    expect(cleanDate('2023-02-29', field(), ctx())).toMatchObject({
      ok: false,
      code: 'INTAKE_E_DATE',
    });
    expect(cleanDate('15/13/2024', field(), ctx({ dateOrder: 'dmy' }))).toMatchObject({
      ok: false,
      code: 'INTAKE_E_DATE',
    });
    expect(cleanDate('soon', field(), ctx())).toMatchObject({ ok: false, code: 'INTAKE_E_DATE' });
  });
  it('refuses future dates where the field says so', () => {
    expect(cleanDate('2031-01-01', field({ notInFuture: true }), ctx())).toMatchObject({
      code: 'INTAKE_E_DATE_FUTURE',
    });
    expect(cleanDate(today, field({ notInFuture: true }), ctx())).toMatchObject({ ok: true });
    expect(cleanDate('2031-01-01', field(), ctx())).toMatchObject({ ok: true });
  });
});

describe('date column profile', () => {
  const order = (values: string[]) => {
    const p = new DateColumnProfile(today);
    values.forEach((v) => p.add(v));
    return p.order();
  };
  it('infers day-first from one value whose first part exceeds 12', () => {
    expect(order(['03/04/2024', '15/03/2024', '2024-01-01'])).toBe('dmy');
  });
  it('infers month-first the same way', () => {
    expect(order(['03/04/2024', '12/31/2024'])).toBe('mdy');
  });
  it('is ambiguous when every value reads both ways', () => {
    expect(order(['03/04/2024', '01/02/2024', '05/05/2024'])).toBe('ambiguous');
  });
  it('has no order without numeric dates', () => {
    expect(order(['2024-03-04', '15 Mar 2024'])).toBeUndefined();
  });
  it('follows the majority when both orders appear', () => {
    expect(order(['13/01/2024', '14/01/2024', '01/13/2024'])).toBe('dmy');
  });
  it('reads a date every way it can', () => {
    expect(readDate('03/04/2024', today)).toEqual({ dmy: '2024-04-03', mdy: '2024-03-04' });
    expect(readDate('31/01/2024', today)).toEqual({ dmy: '2024-01-31', mdy: null });
  });
});
