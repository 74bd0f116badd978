// Writes a customer CSV for benchmarks: clean enough for psql \copy into the same table
// (ISO dates, E.164 phones, point decimals), so both paths load the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const STORES = Array.from({ length: 20 }, (_, i) => `ST${String(i).padStart(3, '0')}`);
const FIRST = [
  'Alice',
  'Bruno',
  'Chloé',
  'David',
  'Émilie',
  'François',
  'Gaëlle',
  'Hugo',
  'Inès',
  'Jules',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
];
const SLABS = ['Bronze', 'Silver', 'Gold', 'Platinum'];
export const HEADER = [
  'external_id',
  'first_name',
  'last_name',
  'email',
  'mobile',
  'registration_date',
  'join_date',
  'join_store',
  'loyalty_points',
  'lifetime_points',
  'lifetime_purchases',
  'slab',
  'status',
  'newsletter',
];

/** Row i of the data set; `round` changes the points so that a re-import updates. */
function row(i, round) {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  const date = `20${String(10 + (i % 14)).padStart(2, '0')}-${month}-${day}`;
  return [
    `C${i}`,
    FIRST[i % 10],
    LAST[(i * 7) % 10],
    `customer${i}@example.com`,
    `+336${String(10000000 + i).padStart(8, '0')}`,
    date,
    date,
    STORES[i % STORES.length],
    String((i * 13 + round) % 5000),
    String((i * 17) % 90000),
    `${(i % 100000) / 100}`,
    SLABS[i % 4],
    'Active',
    i % 3 === 0 ? 'true' : 'false',
  ].join(',');
}

export async function generate(path, from, to, round = 0) {
  const out = createWriteStream(path);
  out.write(HEADER.join(',') + '\n');
  let buf = '';
  for (let i = from; i < to; i++) {
    buf += row(i, round) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** The keys of customers 0..n-1 alone: a file that names records for an operation. */
export async function generateKeys(path, n) {
  const out = createWriteStream(path);
  out.write('external_id\n');
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += `C${i}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** The same customers as an .xlsx workbook, written by exceljs's streaming writer. */
export async function generateXlsx(path, from, to) {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const ws = book.addWorksheet('customers');
  ws.addRow(HEADER).commit();
  for (let i = from; i < to; i++) {
    const cells = row(i, 0).split(',');
    cells[5] = new Date(`${cells[5]}T00:00:00Z`); // registration_date as a real date cell
    ws.addRow(cells).commit();
  }
  ws.commit();
  await book.commit();
}

/**
 * A billing ZIP-less set for the tree benchmark: one customer, customer account and
 * billing account (`parents`), and `n` user accounts in a tree `depth` levels deep,
 * each level about four times the one above, parents picked at random, rows shuffled
 * (seeded, so every run loads the same file). Returns the number of rows per level.
 */
export async function generateTree(parents, path, n, depth) {
  await writeLines(parents.customers, ['code,name', 'C-BENCH,Bench customer']);
  await writeLines(parents.accounts, ['code,customer,name', 'CA-BENCH,C-BENCH,Bench account']);
  await writeLines(parents.billing, [
    'code,customer_account,name',
    'BA-BENCH,CA-BENCH,Bench billing',
  ]);
  let seed = 42;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const weights = Array.from({ length: depth }, (_, d) => 4 ** d);
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((n * w) / total)));
  sizes[depth - 1] += n - sizes.reduce((a, b) => a + b, 0);
  const rows = [];
  let above = [];
  for (let d = 0; d < depth; d++) {
    const level = [];
    for (let i = 0; i < sizes[d]; i++) {
      const code = `UA${d}-${i}`;
      const parent = d === 0 ? '' : above[Math.floor(random() * above.length)];
      rows.push(`${code},BA-BENCH,${parent},User account ${d}-${i},ua${d}.${i}@example.com`);
      level.push(code);
    }
    above = level;
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  await writeLines(path, ['code,billing_account,parent,name,email', ...rows]);
  return sizes;
}

async function writeLines(path, lines) {
  const out = createWriteStream(path);
  out.write(lines.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}
