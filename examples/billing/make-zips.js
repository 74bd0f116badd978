// Builds billing.zip and billing-update.zip from the CSV files beside this script.
// Members go in children-first order (counters before subscriptions before user
// accounts before customers): Intake must order the writes itself.
// Run: node examples/billing/make-zips.js (needs the dev dependency yazl).
import { createWriteStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const here = fileURLToPath(new URL('.', import.meta.url));
const ORDER = [
  'counters',
  'access_points',
  'attribute_instances',
  'service_instances',
  'subscriptions',
  'user_accounts',
  'payment_methods',
  'billing_accounts',
  'customer_accounts',
  'customers',
];
// A fixed date keeps the archives byte-for-byte the same from one build to the next.
const MTIME = new Date('2026-11-01T00:00:00Z');

for (const [dir, zip] of [
  ['initial', 'billing.zip'],
  ['update', 'billing-update.zip'],
]) {
  const files = readdirSync(join(here, dir)).sort(
    (a, b) => ORDER.indexOf(a.replace(/\.csv$/, '')) - ORDER.indexOf(b.replace(/\.csv$/, '')),
  );
  const z = new yazl.ZipFile();
  for (const f of files) z.addFile(join(here, dir, f), f, { mtime: MTIME, mode: 0o100644 });
  z.end();
  z.outputStream.pipe(createWriteStream(join(here, zip)));
  console.log(`${zip}: ${files.join(', ')}`);
}
