import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { FIRST_LOOK_BYTES } from '../../src/jobs/draft-reads.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { multipart } from '../helpers/multipart.js';

/**
 * A draft's first look (issue 15: first feedback within a second of a large upload):
 * a large file is answered from its first 1,000 rows, their problems listed by line and
 * column as validation would find them, its row count estimated from its size; the
 * file is then read through in the background and the count becomes exact.
 */
const HEADER = 'external_id,first_name,last_name,email,mobile,registration_date';

/** Customers, with bad values on the given data rows (0-based): line = row + 2. */
function customers(rows: number, bad: Record<number, 'email' | 'mobile' | 'date'> = {}): string {
  const out = [HEADER];
  for (let i = 0; i < rows; i++) {
    const email = bad[i] === 'email' ? `customer${i}.example.com` : `customer${i}@example.com`;
    const mobile = bad[i] === 'mobile' ? 'call me' : `+336${String(10000000 + i)}`;
    const date = bad[i] === 'date' ? '2020-02-31' : `2020-0${(i % 9) + 1}-1${i % 10}`;
    out.push(`C${i},Alice,Martin,${email},${mobile},${date}`);
  }
  return out.join('\n') + '\n';
}

interface Sheet {
  rows: number;
  rowsEstimated?: boolean;
  entity: string;
  firstRows?: {
    rows: number;
    refused: number;
    problems: { line: number; column: string | null; field: string | null; code: string }[];
    more: number;
  };
}

describe.each(BACKENDS)('a draft’s first look on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  let auth: Record<string, string>;

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open({ uploadMaxBytes: 64 * 1024 * 1024 });
    app = await buildServer(intake);
    const token = await intake.access.createToken('acme', 'ann', 'importer');
    auth = { authorization: `Bearer ${token.secret}` };
  });
  afterEach(async () => {
    await app.close();
    await intake.close();
    await box.cleanup();
  });

  const draft = async (name: string, data: string) => {
    const body = await multipart([{ name, data }], {
      draft: 'true',
      entity: 'loyalty.customer',
    });
    const res = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: body.payload,
      headers: { ...auth, ...body.headers },
    });
    expect(res.statusCode).toBe(202);
    return res.json().id as string;
  };
  const sheet = async (id: string): Promise<Sheet> => {
    const res = await app.inject({ method: 'GET', url: `/imports/${id}/files`, headers: auth });
    expect(res.statusCode).toBe(200);
    return (res.json() as { sheets: Sheet[] }[])[0]!.sheets[0]!;
  };

  it('answers a large file from its first rows, then counts it through', async () => {
    const rows = 80_000;
    const data = customers(rows, { 3: 'email', 8: 'mobile', 20: 'date', 1500: 'email' });
    expect(Buffer.byteLength(data)).toBeGreaterThan(FIRST_LOOK_BYTES);
    const id = await draft('big.csv', data);

    const first = await sheet(id);
    expect(first.entity).toBe('loyalty.customer');
    expect(first.rowsEstimated).toBe(true);
    // An estimate from the size and the first rows' length: near, not exact.
    expect(Math.abs(first.rows - rows) / rows).toBeLessThan(0.1);
    expect(first.firstRows).toMatchObject({ rows: 1000, refused: 3, more: 0 });
    const found = first.firstRows!.problems.map((p) => [p.line, p.column, p.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        [5, 'email', 'INTAKE_E_EMAIL'],
        [10, 'mobile', 'INTAKE_E_PHONE'],
        [22, 'registration_date', 'INTAKE_E_DATE'],
      ]),
    );
    // Row 1,500 is beyond the first look: validation finds it.
    expect(found.some(([line]) => line === 1502)).toBe(false);

    // Read through in the background: the count is exact from then on.
    await intake.imports.draftsRead();
    const counted = await sheet(id);
    expect(counted.rows).toBe(rows);
    expect(counted.rowsEstimated).toBeUndefined();
    expect(counted.firstRows).toEqual(first.firstRows);

    // A change of mapping checks the first rows again, as now mapped.
    const patched = await app.inject({
      method: 'PATCH',
      url: `/imports/${id}`,
      headers: auth,
      payload: { options: { mapping: { email: null } } },
    });
    expect(patched.statusCode).toBe(200);
    const unmapped = await sheet(id);
    expect(unmapped.firstRows!.problems.some((p) => p.column === 'email')).toBe(false);
    expect(unmapped.firstRows!.refused).toBe(2);
  });

  it('counts a small file at once, with the problems of its rows', async () => {
    const id = await draft('small.csv', customers(30, { 2: 'mobile' }));
    const s = await sheet(id);
    expect(s.rows).toBe(30);
    expect(s.rowsEstimated).toBeUndefined();
    expect(s.firstRows).toMatchObject({
      rows: 30,
      refused: 1,
      problems: [{ line: 4, column: 'mobile', field: 'mobile', code: 'INTAKE_E_PHONE' }],
    });
  });
});
