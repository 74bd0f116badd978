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
