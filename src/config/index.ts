import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { IntakeError } from '../core/codes.js';
import type { SmtpConfig } from '../jobs/notify.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from '../sources/limits.js';
import { ROLES, type Role } from '../store/tokens.js';

export type { SmtpConfig };

/** Signing in with the team's identity provider (OpenID Connect; service/oidc.ts). */
export interface OidcSettings {
  /** The provider's issuer URL; its discovery document is read from it. */
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** The button's words: "Sign in with <label>". */
  label: string;
  /** The ID token claim that names the user: email (the default), preferred_username... */
  nameClaim: string;
  /** The role given to a person the provider knows and Intake not yet; none: refused. */
  role?: Role;
}

/**
 * Configuration, resolved once at the edge (STYLE.md 7):
 * defaults < config file < environment < flags. Nothing deeper reads process.env.
 */
export interface Config {
  dataDir: string;
  /** PostgreSQL when set; else SQLite at `<dataDir>/intake.sqlite`. */
  databaseUrl?: string;
  /** PostgreSQL schema (search_path) to use. */
  databaseSchema?: string;
  reportDir: string;
  workspace: string;
  /** Extra pack files or directories. */
  packs: string[];
  /** Default country for national phone numbers. */
  country?: string;
  /** Worker threads that clean rows during an import (0: none). */
  workers: number;
  /** Hosts, addresses or CIDR ranges that URL sources may reach although private. */
  allowHosts: string[];
  fetchMaxBytes: number;
  fetchTimeoutMs: number;
  /** The service's job queue: tries per job, first retry delay (doubling), lease, poll. */
  jobs: JobsConfig;
  /** Largest uploaded file the HTTP API accepts. */
  uploadMaxBytes: number;
  /** Where notification e-mails go out; none: no e-mail. */
  smtp?: SmtpConfig;
  /** The API's address as people reach it, for links in e-mails. */
  publicUrl?: string;
  /**
   * Seals kept secrets (credentials of URL sources) and signs links; 32 bytes as 64 hex
   * digits, or any passphrase. None: a key made once in `<dataDir>/secret.key`.
   */
  secretKey?: string;
  /** Days a signed report link of an e-mail works. */
  reportLinkDays: number;
  /** Hours a web UI session lasts after signing in. */
  sessionHours: number;
  /** Sign-in with the team's identity provider, beside names and passwords. */
  oidc?: OidcSettings;
  /** What the readers refuse (docs/security.md); unset ones keep their defaults. */
  limits: ReaderLimits;
}

export interface JobsConfig {
  maxAttempts: number;
  backoffMs: number;
  leaseMs: number;
  pollMs: number;
  commitChunkRows?: number;
  /**
   * Scale-out (docs/scale-out.md): an import of at least twice this many rows, run by a
   * worker, is staged by chunks of this many rows that other workers share; default
   * 100,000.
   */
  stageChunkRows?: number;
  /** `stage` jobs queued for other workers to help with such an import; default 8. */
  stageHelpers?: number;
  /** The same files and settings submitted again within this time return the first import. */
  duplicateWindowMs: number;
  /** Days a failed import can be replayed by hand; then its files are purged. */
  replayDays: number;
  /** Days row results (reports, pages, undo) are kept after an import ends; default replayDays. */
  rowRetentionDays?: number;
  /** A job without progress for this long is stalled (logs, /ready); default 10 minutes. */
  stallMs?: number;
  /** How often a worker looks for scheduled templates that are due; default 15 s. */
  scheduleMs?: number;
}

export const DEFAULT_JOBS: JobsConfig = {
  maxAttempts: 3,
  backoffMs: 5000,
  leaseMs: 60_000,
  pollMs: 500,
  duplicateWindowMs: 10 * 60_000,
  replayDays: 7,
};

const fileSchema = z.strictObject({
  dataDir: z.string().optional(),
  databaseUrl: z.string().optional(),
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  reportDir: z.string().optional(),
  workspace: z.string().optional(),
  packs: z.array(z.string()).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  allowHosts: z.array(z.string()).optional(),
  fetchMaxBytes: z.number().int().positive().optional(),
  fetchTimeoutMs: z.number().int().positive().optional(),
  workers: z.number().int().min(0).max(64).optional(),
  uploadMaxBytes: z.number().int().positive().optional(),
  publicUrl: z.string().url().optional(),
  secretKey: z.string().min(16, 'at least 16 characters').optional(),
  reportLinkDays: z.number().positive().optional(),
  sessionHours: z.number().positive().max(720).optional(),
  smtp: z
    .strictObject({
      host: z.string(),
      port: z.number().int().positive(),
      secure: z.boolean().optional(),
      user: z.string().optional(),
      pass: z.string().optional(),
      from: z.string(),
    })
    .optional(),
  oidc: z
    .strictObject({
      issuer: z.string().url(),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1).optional(),
      label: z.string().min(1).max(60).optional(),
      nameClaim: z.string().min(1).optional(),
      role: z.enum(ROLES).optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      recordChars: z.number().int().min(1024).optional(),
      jsonDepth: z.number().int().min(2).max(10_000).optional(),
      zipMembers: z.number().int().positive().optional(),
      inflatedBytes: z.number().int().positive().optional(),
      inflateRatio: z.number().positive().optional(),
      cellXmlChars: z.number().int().min(1024).optional(),
    })
    .optional(),
  jobs: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(20).optional(),
      backoffMs: z.number().int().min(0).optional(),
      leaseMs: z.number().int().min(1000).optional(),
      pollMs: z.number().int().min(10).optional(),
      commitChunkRows: z.number().int().positive().optional(),
      stageChunkRows: z.number().int().min(1000).optional(),
      stageHelpers: z.number().int().min(0).max(64).optional(),
      duplicateWindowMs: z.number().int().min(0).optional(),
      replayDays: z.number().min(0).optional(),
      rowRetentionDays: z.number().min(0).optional(),
      stallMs: z.number().int().min(1000).optional(),
      scheduleMs: z.number().int().min(10).optional(),
    })
    .optional(),
});

export type ConfigInput = z.infer<typeof fileSchema>;

export const CONFIG_FILES = ['intake.config.yaml', 'intake.config.yml', 'intake.config.json'];

const WORKSPACE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function readConfigFile(path: string): ConfigInput {
  let doc: unknown;
  try {
    doc = YAML.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new IntakeError('INTAKE_E_CONFIG', `${path}: ${(e as Error).message}`);
  }
  const r = fileSchema.safeParse(doc ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new IntakeError(
      'INTAKE_E_CONFIG',
      `${path}: ${i.path.join('.') || '(top)'}: ${i.message}`,
    );
  }
  return r.data;
}

export interface ConfigSources {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Path given with --config; else the first CONFIG_FILES found in cwd. */
  configFile?: string;
  flags: ConfigInput;
}

export function resolveConfig(src: ConfigSources): Config {
  const explicit = src.configFile ?? src.env.INTAKE_CONFIG;
  const path = explicit
    ? resolve(src.cwd, explicit)
    : CONFIG_FILES.map((f) => resolve(src.cwd, f)).find(existsSync);
  if (explicit && !existsSync(path!))
    throw new IntakeError('INTAKE_E_CONFIG', `${path}: config file not found`);
  const file = path ? readConfigFile(path) : {};
  const env: ConfigInput = {
    databaseUrl: src.env.DATABASE_URL || undefined,
    dataDir: src.env.INTAKE_DATA_DIR || undefined,
    databaseSchema: src.env.INTAKE_DATABASE_SCHEMA || undefined,
    secretKey: src.env.INTAKE_SECRET_KEY || undefined,
    workspace: src.env.INTAKE_WORKSPACE || undefined,
    workers: src.env.INTAKE_WORKERS ? Number(src.env.INTAKE_WORKERS) : undefined,
    allowHosts: src.env.INTAKE_ALLOW_HOSTS
      ? src.env.INTAKE_ALLOW_HOSTS.split(',')
          .map((h) => h.trim())
          .filter(Boolean)
      : undefined,
  };
  if (env.workers !== undefined && !(Number.isInteger(env.workers) && env.workers >= 0)) {
    throw new IntakeError('INTAKE_E_CONFIG', 'INTAKE_WORKERS must be a whole number, 0 or more');
  }
  const pick = <K extends keyof ConfigInput>(k: K): ConfigInput[K] =>
    src.flags[k] ?? env[k] ?? file[k];
  const dataDir = resolve(src.cwd, pick('dataDir') ?? './data');
  const workspace = pick('workspace') ?? 'default';
  if (!WORKSPACE.test(workspace)) {
    throw new IntakeError(
      'INTAKE_E_CONFIG',
      `workspace "${workspace}": use lower case letters, digits, - and _`,
    );
  }
  const databaseUrl = pick('databaseUrl');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new IntakeError(
      'INTAKE_E_CONFIG',
      'DATABASE_URL must start with postgres:// or postgresql://',
    );
  }
  return Object.freeze({
    dataDir,
    databaseUrl,
    databaseSchema: pick('databaseSchema'),
    reportDir: resolve(src.cwd, pick('reportDir') ?? resolve(dataDir, 'reports')),
    workspace,
    // Packs named in the file are relative to the file, like any include.
    packs: [
      ...(file.packs ?? []).map((p) => resolve(dirname(path!), p)),
      ...(src.flags.packs ?? []),
    ],
    country: pick('country'),
    // Cleaning is the costly part of an import; one thread per core beyond the one
    // that reads and writes, at least one.
    workers: pick('workers') ?? Math.max(1, Math.min(4, availableParallelism() - 1)),
    allowHosts: pick('allowHosts') ?? [],
    fetchMaxBytes: pick('fetchMaxBytes') ?? 2 * 1024 ** 3,
    fetchTimeoutMs: pick('fetchTimeoutMs') ?? 120_000,
    jobs: { ...DEFAULT_JOBS, ...(file.jobs ?? {}) },
    uploadMaxBytes: pick('uploadMaxBytes') ?? 1024 ** 3,
    smtp: file.smtp,
    publicUrl: pick('publicUrl'),
    secretKey: pick('secretKey'),
    reportLinkDays: pick('reportLinkDays') ?? 7,
    sessionHours: pick('sessionHours') ?? 12,
    oidc: file.oidc && {
      ...file.oidc,
      // The secret may stay out of the file.
      clientSecret: src.env.INTAKE_OIDC_CLIENT_SECRET || file.oidc.clientSecret,
      label: file.oidc.label ?? 'your identity provider',
      nameClaim: file.oidc.nameClaim ?? 'email',
    },
    limits: { ...DEFAULT_READER_LIMITS, ...(file.limits ?? {}) },
  });
}
