import { writeFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { neutralise } from '../core/neutralise.js';
import type { EntityType } from '../core/schema.js';
import { templateColumns } from '../core/template.js';

/** Writes the blank template of an entity type as CSV or XLSX (SPEC F4). */
export type TemplateFormat = 'csv' | 'xlsx';

export async function writeTemplate(
  entity: EntityType,
  format: TemplateFormat,
  path: string,
  /** The entity type a reference points to: its example names the target's example. */
  target?: (qualified: string) => EntityType,
): Promise<void> {
  const columns = templateColumns(entity, target);
  if (format === 'csv') {
    const rows = [columns.map((c) => c.header), columns.map((c) => c.example)];
    await writeFile(
      path,
      '\uFEFF' +
        Papa.unparse(
          rows.map((r) => r.map(neutralise)),
          { newline: '\r\n' },
        ) +
        '\r\n',
    );
    return;
  }
  // Loaded when a workbook is written: it is the heaviest module, and CSV needs none.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Intake';
  const data = book.addWorksheet(entity.name);
  data.addRow(columns.map((c) => c.header)).font = { bold: true };
  // Text cells, so that Excel keeps "+33..." and leading zeros as typed.
  data.addRow(columns.map((c) => c.example));
  columns.forEach((c, i) => {
    const column = data.getColumn(i + 1);
    column.width = Math.max(12, c.header.length + 2, c.example.length + 2);
    column.numFmt = '@';
    if (c.required) data.getCell(1, i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  data.views = [{ state: 'frozen', ySplit: 1 }];
  const doc = book.addWorksheet('Columns');
  doc.addRow([
    'Column',
    'Field',
    'Type',
    'Required',
    'Allowed values',
    'Format',
    'Description',
  ]).font = { bold: true };
  for (const c of columns) {
    doc.addRow([
      c.header,
      c.field,
      c.type,
      c.required ? 'yes' : 'no',
      c.allowed,
      c.format,
      c.description,
    ]);
  }
  doc.columns.forEach((col, i) => (col.width = [18, 18, 10, 9, 40, 50, 40][i] ?? 20));
  await book.xlsx.writeFile(path);
}
