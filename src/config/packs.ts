import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { IntakeError } from '../core/codes.js';
import { parsePack } from '../core/pack.js';
import { Registry } from '../core/registry.js';
import type { Pack } from '../core/schema.js';

/** The packs shipped with Intake, beside src/ and dist/. */
export const BUILT_IN_PACKS = fileURLToPath(new URL('../../packs/', import.meta.url));

const PACK_EXT = new Set(['.yaml', '.yml', '.json']);

function packFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new IntakeError('INTAKE_E_PACK', `${path}: no such pack file or directory`);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => PACK_EXT.has(extname(f)))
    .sort()
    .map((f) => join(path, f));
}

export function loadPackFile(file: string): Pack {
  const text = readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = extname(file) === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    throw new IntakeError(
      'INTAKE_E_PACK',
      `${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message}`,
    );
  }
  return parsePack(doc, file);
}

/** Built-in packs, then the user's (files or directories), in that order. */
export function loadRegistry(extra: string[]): Registry {
  const files = [BUILT_IN_PACKS, ...extra.map((p) => resolve(p))].flatMap(packFiles);
  const packs = files.map(loadPackFile);
  const names = new Map<string, string>();
  for (const [i, p] of packs.entries()) {
    const other = names.get(p.name);
    if (other)
      throw new IntakeError(
        'INTAKE_E_PACK',
        `${files[i]}: pack "${p.name}" is already declared by ${other}`,
      );
    names.set(p.name, files[i]!);
  }
  return new Registry(packs);
}
