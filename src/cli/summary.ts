import type { Writable } from 'node:stream';
import type { LocalResult } from '../service.js';

const showDelimiter = (d: string) => (d === '\t' ? 'tab' : d);

/** The readable result of an import, for a person at a terminal. */
export function printSummary(r: LocalResult, out: Writable): void {
  const lines: string[] = [];
  const c = r.counts;
  lines.push(`Import ${r.import.id}: ${r.import.status.replace(/_/g, ' ')}`);
  for (const f of r.files) {
    lines.push(
      `  ${f.name} -> ${f.entity}: ${f.rows} rows, ${f.encoding}, delimiter "${showDelimiter(f.delimiter)}"${f.headerLine > 0 ? `, header on line ${f.headerLine}` : ''}`,
    );
    const fuzzy = f.mapping.filter((m) => m.method === 'fuzzy' || m.method === 'alias');
    if (fuzzy.length)
      lines.push(
        `    mapped: ${fuzzy.map((m) => `"${m.header}" -> ${m.field} (${m.method} ${m.confidence})`).join(', ')}`,
      );
    if (f.unmapped.length) lines.push(`    kept as custom fields: ${f.unmapped.join(', ')}`);
    for (const w of f.warnings) lines.push(`    warning: ${w}`);
  }
  for (const s of r.skipped) lines.push(`  ${s.name}: not imported: ${s.reason}`);
  // Record operations only when the import has them.
  const ops = (['inactivated', 'reactivated', 'anonymized', 'deleted', 'erased'] as const)
    .filter((k) => c[k] > 0)
    .map((k) => `, ${k} ${c[k]}`)
    .join('');
  lines.push(
    `  rows ${c.rows}: created ${c.created}, updated ${c.updated}${ops}, unchanged ${c.unchanged}, skipped ${c.skipped}, rejected ${c.rejected}`,
  );
  if (r.error) lines.push(`  ${r.error}`);
  if (r.import.status === 'dry_run' && r.order.length > 1) {
    // The plan's write order: where a tree's depths or several types must be ordered.
    const steps = r.order.map(
      (s) => `${s.step}. ${s.entity}${s.depth === null ? '' : ` depth ${s.depth}`} (${s.rows})`,
    );
    lines.push(`  write order: ${steps.join(', ')}`);
  }
  const issues = Object.entries(r.issues);
  if (issues.length) lines.push(`  problems: ${issues.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const fixes = Object.entries(r.corrections);
  if (fixes.length) lines.push(`  corrections: ${fixes.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (r.reportError) {
    lines.push(`  reports: not written: ${r.reportError}`);
    out.write(lines.join('\n') + '\n');
    return;
  }
  lines.push(`  reports: ${r.reports.dir}`);
  // Only the files that refused rows; every file has one (headers only) for tools.
  r.reports.rejectionFiles.forEach((p, i) => {
    const n = r.reports.rejectedPerFile[i] ?? 0;
    if (n > 0) lines.push(`    rejected rows: ${p} (${n})`);
  });
  lines.push(`    corrections:   ${r.reports.corrections}`);
  for (const p of r.reports.outcomes ?? []) lines.push(`    row outcomes:  ${p}`);
  lines.push(`    summary:       ${r.reports.summary}`);
  out.write(lines.join('\n') + '\n');
}
