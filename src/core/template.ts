import type { EntityType, FieldDef } from './schema.js';

/**
 * A blank template of an entity type (SPEC F4): its columns in order, required ones
 * marked with "*" (the mark is ignored when the file is imported back), one example
 * row, and what each column accepts.
 */
export interface TemplateColumn {
  header: string;
  field: string;
  type: string;
  required: boolean;
  allowed: string;
  format: string;
  example: string;
  description: string;
}

const EXAMPLES: Record<FieldDef['type'], string> = {
  string: 'Example',
  integer: '100',
  decimal: '123.45',
  boolean: 'true',
  date: '2024-03-15',
  datetime: '2024-03-15T14:30:00Z',
  email: 'jane.doe@example.com',
  phone: '+33612345678',
  enum: '',
  multienum: '',
  reference: '',
  json: '{"key":"value"}',
};

const FORMATS: Record<FieldDef['type'], string> = {
  string: 'text',
  integer: 'whole number; spaces may group thousands',
  decimal: 'number with a point or a comma as decimal mark',
  boolean: 'true/false, yes/no, 1/0, X for true',
  date: 'YYYY-MM-DD, or DD/MM/YYYY (or MM/DD/YYYY) used throughout the column',
  datetime: 'YYYY-MM-DDTHH:mm:ssZ, or a date followed by HH:mm',
  email: 'e-mail address',
  phone: 'international (+33...) or national with the import country',
  enum: 'one of the allowed values, any case',
  multienum: 'allowed values, any case, separated as the field says',
  reference: 'code of an existing record, or of one in the same import',
  json: 'a JSON document',
};

/**
 * A value that passes the field's own checks: the pack's `example`, else the default,
 * else one by type. A reference names the example of the record it points to, so the
 * templates of a pack import one after the other, example rows included. A reference
 * to the type itself (a parent) is left empty: the example row is a root.
 */
function example(
  f: FieldDef,
  entity: EntityType,
  target?: (qualified: string) => EntityType,
): string {
  if (f.example !== undefined) return f.example;
  if (f.default !== undefined) return String(f.default);
  if (f.type === 'enum' || f.type === 'multienum') return f.options?.[0] ?? '';
  if (f.type === 'reference') {
    const ref = f.reference!;
    if (ref.entity === entity.qualified) return '';
    const to = target?.(ref.entity);
    const field = to?.fields.find((x) => x.name === ref.field);
    return to && field ? example(field, to, target) : `${ref.field.toUpperCase()}1`;
  }
  if (f.type === 'string' && entity.identifiers.includes(f.name))
    return `${f.name.toUpperCase()}-0001`;
  return EXAMPLES[f.type];
}

export function templateColumns(
  entity: EntityType,
  target?: (qualified: string) => EntityType,
): TemplateColumn[] {
  return entity.fields.map((f) => {
    const allowed = [
      f.options ? f.options.join(', ') : '',
      f.reference ? `a ${f.reference.entity} ${f.reference.field}` : '',
      f.maxLength ? `at most ${f.maxLength} characters` : '',
      f.pattern ? `matching ${f.pattern}` : '',
      f.notInFuture ? 'not in the future' : '',
      f.unique || entity.identifiers.includes(f.name) ? 'unique' : '',
    ]
      .filter(Boolean)
      .join('; ');
    return {
      header: f.required ? `${f.name}*` : f.name,
      field: f.name,
      type: f.type,
      required: f.required,
      allowed,
      format: FORMATS[f.type],
      example: example(f, entity, target),
      description: f.description ?? f.label,
    };
  });
}
