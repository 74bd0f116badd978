import type { RawBuilder } from 'kysely';
import type { BackendProfile } from './profile.js';

/**
 * JSON columns, read and written in one place: jsonb on PostgreSQL comes back as a
 * value, text on SQLite as text; both go in as text cast to the column's type.
 */
export function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : (value ?? null)) as T;
}

export function writeJson(profile: BackendProfile, value: unknown): RawBuilder<unknown> {
  return profile.jsonParam(value === undefined || value === null ? null : JSON.stringify(value));
}
