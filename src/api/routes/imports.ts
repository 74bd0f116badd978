import { mkdir, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import validator from 'validator';
import { IntakeError } from '../../core/codes.js';
import { STEPS } from '../../core/import-status.js';
import type { ImportOptions } from '../../core/options.js';
import type { Intake, Role } from '../../service.js';
import { OUTCOMES, type Outcome } from '../../core/outcomes.js';
import { who } from '../auth.js';
import {
  CORRECTION_PAGE,
  PROBLEM_COUNTS,
  ERROR_SCHEMA,
  IMPORT_VIEW,
  INSPECTION,
  ROW_PAGE,
  UNDO_PREVIEW,
} from '../schemas.js';

/**
 * Imports over HTTP (SPEC I1, J1): upload files (multipart) or give inline records and
 * URLs (JSON); the import is validated in the background, then committed at once or
 * held for an approver. Read one with its progress and history, list them, download
 * their reports, approve, reject or cancel them.
 */
const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^imp-[0-9a-z-]+$' } },
} as const;

/** The settings of a new import, from multipart fields or a JSON body. */
interface Settings {
  entity?: string;
  options?: Partial<ImportOptions>;
  approval?: boolean;
  review?: boolean;
  dryRun?: boolean;
  outcomes?: boolean;
  runAt?: string;
  notify?: string[];
  draft?: boolean;
  template?: string;
  force?: boolean;
}

const SETTINGS_PROPERTIES = {
  entity: { type: 'string' },
  options: { type: 'object', additionalProperties: true },
  approval: { type: 'boolean' },
  review: { type: 'boolean' },
  dryRun: { type: 'boolean' },
  outcomes: { type: 'boolean' },
  runAt: { type: 'string', format: 'date-time' },
  notify: { type: 'array', items: { type: 'string', format: 'email' }, maxItems: 20 },
  draft: { type: 'boolean' },
  template: { type: 'string', minLength: 1 },
  force: { type: 'boolean' },
} as const;

function parseField(name: string, value: string): unknown {
  if (name === 'options') {
    try {
      const v = JSON.parse(value) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch {
      // reported below
    }
    throw new IntakeError('INTAKE_E_REQUEST', 'the "options" field must be a JSON object');
  }
  if (['approval', 'review', 'dryRun', 'outcomes', 'draft', 'force'].includes(name))
    return value === 'true';
  if (name === 'entity' || name === 'runAt' || name === 'template') return value;
  if (name === 'notify') {
    const emails = value
      .split(/[,;\s]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    const bad = emails.find((e) => !validator.isEmail(e));
    if (bad) throw new IntakeError('INTAKE_E_REQUEST', `notify: "${bad}" is not an e-mail address`);
    return emails;
  }
  throw new IntakeError(
    'INTAKE_E_REQUEST',
    `unknown field "${name}"; fields: files, entity, options, approval, review, dryRun, outcomes, runAt, notify, draft, template, force`,
  );
}

function runAtOf(s: Settings): Date | undefined {
  if (!s.runAt) return undefined;
  const d = new Date(s.runAt);
  if (Number.isNaN(d.getTime()))
    throw new IntakeError('INTAKE_E_REQUEST', `runAt "${s.runAt}" is not a date and time`);
  return d;
}

export function importRoutes(intake: Intake): FastifyPluginAsync {
  /** Submit; the same submission again answers 200 with the earlier import, and says so. */
  const submit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    s: Settings,
    sources: { files: string[]; names: string[]; inline?: string; contentHash?: string },
  ) => {
    const me = who(request);
    const key = request.headers['idempotency-key'];
    const done = await intake.imports.submit(id, {
      contentHash: sources.contentHash,
      idempotencyKey: typeof key === 'string' && key ? key.slice(0, 200) : undefined,
      force: s.force,
      workspace: me.workspace,
      actor: me.name,
      files: sources.files,
      names: sources.names,
      inline: sources.inline,
      entity: s.entity,
      options: { ...(s.options ?? {}), ...(s.dryRun ? { dryRun: true } : {}) },
      approval: s.approval === true,
      review: s.review === true,
      outcomes: s.outcomes,
      notify: s.notify,
      draft: s.draft,
      template: s.template,
      runAt: runAtOf(s),
    });
    const view = (await intake.imports.get(me.workspace, done.id))!;
    if (!done.duplicateOf) return reply.status(202).send(view);
    void reply.header('x-intake-duplicate', done.duplicateOf);
    return reply.status(200).send(view);
  };

  return async (app) => {
    app.post(
      '/imports',
      {
        config: { role: 'importer' },
        schema: {
          consumes: ['multipart/form-data'],
          description:
            'Upload one or more files (CSV, XLSX, ZIP, JSON) as "files", with optional fields entity, options (JSON), approval, dryRun, outcomes, runAt.',
          response: { 200: IMPORT_VIEW, 202: IMPORT_VIEW, '4xx': ERROR_SCHEMA },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          throw new IntakeError(
            'INTAKE_E_REQUEST',
            'send the files as multipart/form-data; for inline records or URLs POST /imports/sources',
          );
        }
        const id = intake.imports.newId();
        const dir = intake.imports.uploadDir(id);
        await mkdir(dir, { recursive: true });
        const files: string[] = [];
        const names: string[] = [];
        const settings: Record<string, unknown> = {};
        const hash = createHash('sha256');
        /** The body as multipart reads it; a broken one is the client's mistake (400). */
        const parts = async function* () {
          try {
            yield* request.parts();
          } catch (e) {
            if (e instanceof IntakeError || (e as { statusCode?: number }).statusCode) throw e;
            throw new IntakeError(
              'INTAKE_E_REQUEST',
              `the multipart body cannot be read: ${(e as Error).message}`,
            );
          }
        };
        try {
          for await (const part of parts()) {
            if (part.type === 'file') {
              const name = basename(part.filename || `file-${files.length + 1}`);
              // A folder per file, so two files of the same name never meet and each
              // keeps its name (detection and reports use it).
              const folder = join(dir, String(files.length + 1));
              await mkdir(folder);
              const safe = name.replace(/[^\p{L}\p{N}_. -]+/gu, '_').replace(/^\.+/, '_');
              const path = join(folder, safe || 'file');
              await pipeline(
                part.file,
                async function* (chunks: AsyncIterable<Buffer>) {
                  for await (const c of chunks) {
                    hash.update(c);
                    yield c;
                  }
                },
                createWriteStream(path),
              ).catch((e: Error & { statusCode?: number }) => {
                if (e instanceof IntakeError || e.statusCode) throw e;
                throw new IntakeError(
                  'INTAKE_E_REQUEST',
                  `the file "${name}" in the multipart body cannot be read: ${e.message}`,
                );
              });
              hash.update(`\0${name}\0`);
              files.push(path);
              names.push(name);
            } else {
              settings[part.fieldname] = parseField(part.fieldname, String(part.value));
            }
          }
          if (files.length === 0)
            throw new IntakeError('INTAKE_E_REQUEST', 'no file: send at least one as "files"');
          const sent = await submit(request, reply, id, settings as Settings, {
            files,
            names,
            contentHash: hash.digest('hex'),
          });
          // A repeated submission keeps the first one's files; these are not needed.
          if (reply.statusCode === 200) await rm(dir, { recursive: true, force: true });
          return sent;
        } catch (e) {
          await rm(dir, { recursive: true, force: true });
          throw e;
        }
      },
    );

    app.post<{ Body: Settings & { inline?: string; urls?: string[] } }>(
      '/imports/sources',
      {
        config: { role: 'importer' },
        schema: {
          description: 'Inline records (field=value||field=value, one record per line) or URLs.',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ...SETTINGS_PROPERTIES,
              inline: { type: 'string', minLength: 1 },
              urls: {
                type: 'array',
                items: { type: 'string', minLength: 1, maxLength: 4096 },
                minItems: 1,
                maxItems: 50,
                description: 'http, https, ftp or sftp URLs; credentials are kept sealed',
              },
            },
          },
          response: { 200: IMPORT_VIEW, 202: IMPORT_VIEW, '4xx': ERROR_SCHEMA },
        },
      },
      async (request, reply) => {
        const b = request.body;
        if (!b.inline && !b.urls) {
          throw new IntakeError('INTAKE_E_REQUEST', 'give "inline" records or "urls"');
        }
        const urls = b.urls ?? [];
        intake.imports.checkRemoteSources(urls);
        const id = intake.imports.newId();
        return submit(request, reply, id, b, { files: urls, names: urls, inline: b.inline });
      },
    );

    app.get<{
      Querystring: {
        status?: string;
        entity?: string;
        user?: string;
        from?: string;
        to?: string;
        limit: number;
        offset: number;
      };
    }>(
      '/imports',
      {
        config: { role: 'viewer' },
        schema: {
          querystring: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              entity: { type: 'string' },
              user: { type: 'string' },
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
              offset: { type: 'integer', minimum: 0, default: 0 },
            },
          },
          response: { 200: { type: 'array', items: IMPORT_VIEW } },
        },
      },
      async (request) => intake.imports.list(who(request).workspace, request.query),
    );

    app.get<{ Params: { id: string } }>(
      '/imports/:id',
      {
        config: { role: 'viewer' },
        schema: { params: ID_PARAMS, response: { 200: IMPORT_VIEW, '4xx': ERROR_SCHEMA } },
      },
      async (request) => {
        const found = await intake.imports.get(who(request).workspace, request.params.id);
        if (!found) throw new IntakeError('INTAKE_E_NOT_FOUND', `no import ${request.params.id}`);
        return found;
      },
    );

    app.get<{
      Params: { id: string };
      Querystring: {
        outcome?: Outcome;
        code?: string;
        offset?: number;
        after?: string;
        limit: number;
      };
    }>(
      '/imports/:id/rows',
      {
        config: { role: 'viewer' },
        schema: {
          description:
            'Row outcomes (planned while validating, final once committed), a page at a time, from the row results kept in the database. Pass the `cursor` of a page as `after` for the next one (the same cost at any depth); `next` is the offset of the next page, for jumping.',
          params: ID_PARAMS,
          querystring: {
            type: 'object',
            properties: {
              outcome: {
                type: 'string',
                enum: OUTCOMES,
              },
              code: { type: 'string', pattern: '^INTAKE_[EW]_[A-Z_]+$' },
              offset: { type: 'integer', minimum: 0 },
              after: { type: 'string', pattern: '^[0-9]+$' },
              limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            },
          },
          response: { 200: ROW_PAGE, '4xx': ERROR_SCHEMA },
        },
      },
      async (request) =>
        intake.imports.rows(who(request).workspace, request.params.id, request.query),
    );

    app.get<{
      Params: { id: string };
      Querystring: { offset?: number; after?: string; limit: number };
    }>(
      '/imports/:id/corrections',
      {
        config: { role: 'viewer' },
        schema: {
          description:
            'What Intake corrected (file, line, field, from, to, rule), a page at a time; `after` takes the `cursor` of the page before, `next` is the offset of the next page.',
          params: ID_PARAMS,
          querystring: {
            type: 'object',
            properties: {
              offset: { type: 'integer', minimum: 0 },
              after: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$' },
              limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            },
          },
          response: { 200: CORRECTION_PAGE, '4xx': ERROR_SCHEMA },
        },
      },
      async (request) =>
        intake.imports.corrections(who(request).workspace, request.params.id, request.query),
    );

    app.get<{ Params: { id: string } }>(
      '/imports/:id/problems',
      {
        config: { role: 'viewer' },
        schema: {
          description:
            'The problems of the rows by code and field, with how many rows have each; `fixable`: one fix can answer all of them (`options.fixes`, kind `problem`).',
          params: ID_PARAMS,
          response: { 200: PROBLEM_COUNTS, '4xx': ERROR_SCHEMA },
        },
      },
      async (request) => intake.imports.problems(who(request).workspace, request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/imports/:id/reports',
      {
        config: { role: 'viewer' },
        schema: {
          description:
            'The reports an import has now: rendered from the database on request, by any API node.',
          params: ID_PARAMS,
          response: {
            200: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, href: { type: 'string' } },
              },
            },
            '4xx': ERROR_SCHEMA,
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        const names = await intake.imports.reports(who(request).workspace, id);
        return names.map((name) => ({ name, href: `/imports/${id}/reports/${name}` }));
      },
    );

    app.get<{ Params: { id: string; name: string } }>(
      '/imports/:id/reports/:name',
      {
        config: { role: 'viewer', signedLink: true },
        schema: {
          description:
            'One report, streamed from the database. With an API token, or with the signed link of an e-mail (w, expires, sig), which opens this one file until it expires.',
          querystring: {
            type: 'object',
            properties: {
              w: { type: 'string' },
              expires: { type: 'string' },
              sig: { type: 'string' },
            },
          },
          params: {
            type: 'object',
            required: ['id', 'name'],
            properties: {
              id: ID_PARAMS.properties.id,
              name: { type: 'string', pattern: '^[A-Za-z0-9][\\w.-]*\\.(csv|json|zip)$' },
            },
          },
        },
      },
      async (request, reply) => {
        const { id, name } = request.params;
        const workspace = who(request).workspace;
        // Found before the answer starts: a missing report is a 404, not a broken stream.
        const write = await intake.imports.report(workspace, id, name);
        const body = new PassThrough();
        write(body)
          .then(() => body.end())
          .catch((e: Error) => body.destroy(e));
        return reply
          .type(
            name.endsWith('.csv')
              ? 'text/csv; charset=utf-8'
              : name.endsWith('.zip')
                ? 'application/zip'
                : 'application/json',
          )
          .header('content-disposition', `attachment; filename="${id}-${name}"`)
          .send(body);
      },
    );

    app.post<{ Params: { id: string }; Body: { dryRun?: boolean; force?: boolean } }>(
      '/imports/:id/undo',
      {
        config: { role: STEPS.undo.by },
        schema: {
          description:
            'Undo an import (SPEC C4): records it created are deleted, records it updated get their before-image back. A record changed since by a later import is refused (undo newest first), unless `force`. `dryRun` answers what it would do, and does nothing. Otherwise the undo runs as a job: 202 with the import, status undoing.',
          params: ID_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { dryRun: { type: 'boolean' }, force: { type: 'boolean' } },
          },
          response: { 200: UNDO_PREVIEW, 202: IMPORT_VIEW, '4xx': ERROR_SCHEMA },
        },
      },
      async (request, reply) => {
        const me = who(request);
        const { id } = request.params;
        const b = request.body ?? {};
        if (b.dryRun) return intake.imports.previewUndo(me.workspace, id, b.force === true);
        await intake.imports.undo(me.workspace, id, me.name, b.force === true);
        return reply.status(202).send(await intake.imports.get(me.workspace, id));
      },
    );

    // Step by step: a draft's files as read, then its mapping and options, then validate.
    app.get<{ Params: { id: string } }>(
      '/imports/:id/files',
      {
        config: { role: 'viewer' },
        schema: {
          description:
            'The files of an import as Intake reads them: each sheet or ZIP member with its entity type (or UNKNOWN), rows, header, mapping and sample values.',
          params: ID_PARAMS,
          response: { 200: { type: 'array', items: INSPECTION }, '4xx': ERROR_SCHEMA },
        },
      },
      async (request) => intake.imports.files(who(request).workspace, request.params.id),
    );

    app.patch<{
      Params: { id: string };
      Body: Pick<Settings, 'entity' | 'options' | 'approval' | 'notify' | 'outcomes'>;
    }>(
      '/imports/:id',
      {
        config: { role: 'importer' },
        schema: {
          description:
            'Change a draft: entity, options (mapping {header: field|null}, exclude [members], match, mode, commit...), approval, notify.',
          params: ID_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              entity: SETTINGS_PROPERTIES.entity,
              options: SETTINGS_PROPERTIES.options,
              approval: SETTINGS_PROPERTIES.approval,
              notify: SETTINGS_PROPERTIES.notify,
              outcomes: SETTINGS_PROPERTIES.outcomes,
            },
          },
          response: { 200: IMPORT_VIEW, '4xx': ERROR_SCHEMA },
        },
      },
      async (request) => {
        const me = who(request);
        await intake.imports.updateDraft(me.workspace, request.params.id, me.name, request.body);
        return (await intake.imports.get(me.workspace, request.params.id))!;
      },
    );

    app.post<{ Params: { id: string }; Body: Pick<Settings, 'entity' | 'options'> }>(
      '/imports/:id/replay',
      {
        config: { role: STEPS.replay.by },
        schema: {
          description:
            'Run a failed import again from its files (for 7 days by default), or validate one awaiting approval again, optionally with another entity type, mapping or options.',
          params: ID_PARAMS,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              entity: SETTINGS_PROPERTIES.entity,
              options: SETTINGS_PROPERTIES.options,
            },
          },
          response: { 200: IMPORT_VIEW, '4xx': ERROR_SCHEMA },
        },
      },
      async (request) => {
        const me = who(request);
        await intake.imports.replay(me.workspace, request.params.id, me.name, request.body ?? {});
        return (await intake.imports.get(me.workspace, request.params.id))!;
      },
    );

    // A person's step of the status machine; its role comes from the machine's table.
    const step = (
      path: 'approve' | 'reject' | 'cancel' | 'validate' | 'reopen',
      act: (
        workspace: string,
        id: string,
        actor: string,
        body: { reason?: string; confirmErase?: number },
        role: Role,
      ) => Promise<void>,
      body?: Record<string, unknown>,
    ) =>
      app.post<{ Params: { id: string }; Body: { reason?: string; confirmErase?: number } }>(
        `/imports/:id/${path}`,
        {
          config: { role: STEPS[path].by },
          schema: {
            description: `${STEPS[path].says} (from ${STEPS[path].from.join(', ')}); 409 with the steps allowed now otherwise`,
            params: ID_PARAMS,
            // A rejection carries its reason; an approval of an erase, its confirmation.
            ...(body ? { body } : {}),
            response: { 200: IMPORT_VIEW, '4xx': ERROR_SCHEMA },
          },
        },
        async (request) => {
          const me = who(request);
          await act(me.workspace, request.params.id, me.name, request.body ?? {}, me.role);
          return (await intake.imports.get(me.workspace, request.params.id))!;
        },
      );
    step(
      'approve',
      (w, id, actor, b, role) => intake.imports.approve(w, id, actor, b.confirmErase, role),
      {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          confirmErase: {
            type: 'integer',
            minimum: 0,
            description:
              'an import that erases records is approved only with their number, as its plan counts them (erase cannot be undone)',
          },
        },
      },
    );
    step('reject', (w, id, actor, b) => intake.imports.reject(w, id, actor, b.reason!), {
      type: 'object',
      additionalProperties: false,
      required: ['reason'],
      properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } },
    });
    step('cancel', (w, id, actor) => intake.imports.cancel(w, id, actor));
    step('validate', (w, id, actor) => intake.imports.startDraft(w, id, actor));
    step('reopen', (w, id, actor) => intake.imports.reopen(w, id, actor));
  };
}
