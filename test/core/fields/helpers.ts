import type { FieldContext } from '../../../src/core/fields/index.js';
import type { FieldDef } from '../../../src/core/schema.js';

export const ctx = (over: Partial<FieldContext> = {}): FieldContext => ({
  today: '2026-11-21',
  validateEmail: true,
  validatePhone: true,
  createOptions: false,
  trueWords: [],
  falseWords: [],
  ...over,
});

export const field = (over: Partial<FieldDef> = {}): FieldDef => ({
  name: 'f',
  type: 'string',
  label: 'F',
  required: false,
  unique: false,
  aliases: [],
  notInFuture: false,
  ...over,
});
