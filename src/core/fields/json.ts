import { bad, ok, type Cleaner } from './types.js';

/** Any JSON document, stored as compact JSON text. */
export const cleanJson: Cleaner = (text, field) => {
  try {
    const compact = JSON.stringify(JSON.parse(text));
    return ok(compact, compact === text ? undefined : 'json_compact');
  } catch (e) {
    return bad('INTAKE_E_TYPE', `${field.label} is not valid JSON: ${(e as Error).message}`);
  }
};
