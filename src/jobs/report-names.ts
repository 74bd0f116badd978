/**
 * The names of an import's report files, in one place: the files themselves (CLI),
 * the API's list and downloads, and the links of e-mails all use these.
 * One source file: `rejections.csv`; several: `rejections-<n>-<name>.csv`.
 */
export interface NamedFile {
  fileNo: number;
  name: string;
}

export type ReportKind = 'rejections' | 'outcomes';

export function reportName(kind: ReportKind, files: NamedFile[], f: NamedFile): string {
  if (files.length === 1) return `${kind}.csv`;
  const base = f.name.replace(/[^\w.-]+/g, '_').replace(/\.\w+$/, '');
  return `${kind}-${f.fileNo}-${base}.csv`;
}
