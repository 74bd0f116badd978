import { useState, type DragEvent } from 'react';
import { api, download } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScrollBox } from '../components/ScrollBox';
import { useLoad } from '../components/useLoad';
import { go } from '../route';
import { HeaderRow } from './HeaderRow';
import { t } from '../texts';
import type { EntityInfo, ImportView, Inspection } from '../types';

/**
 * Step 1 before there is an import: drop or choose files. They are uploaded at once as
 * a draft held for review (approval), so the next screen shows what Intake read.
 */
export function NewUpload({ entity }: { entity?: string }) {
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [error, setError] = useState<unknown>();

  const upload = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    setError(undefined);
    const form = new FormData();
    form.append('draft', 'true');
    // Held at Review for the user's own look; a rule of the workspace may want an approver.
    form.append('review', 'true');
    // A person who drops files again means a new import, even of the same files.
    form.append('force', 'true');
    // A column no field takes is left out unless the user keeps it (the Map step says so).
    form.append('options', JSON.stringify({ unmapped: 'ignore' }));
    if (entity) form.append('entity', entity);
    for (const f of files) form.append('files', f, f.name);
    try {
      const created = await api<ImportView>('/imports', { method: 'POST', form });
      go(`#/imports/${created.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void upload([...e.dataTransfer.files]);
  };

  return (
    <section>
      <h2>{t.upload.title}</h2>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>{busy ? t.upload.uploading : t.upload.drop}</p>
        {/* A real, focusable file input inside its label: Enter or Space opens the chooser. */}
        <label className="button file-pick">
          {t.upload.pick}
          <input
            type="file"
            multiple
            className="visually-hidden"
            disabled={busy}
            accept=".csv,.txt,.tsv,.xlsx,.xlsm,.json,.ndjson,.jsonl,.zip"
            onChange={(e) => void upload([...(e.target.files ?? [])])}
          />
        </label>
      </div>
      <ErrorBox error={error} />
      <Templates />
      <div className="buttons">
        <button type="button" onClick={() => go('#/')}>
          {t.upload.back}
        </button>
      </div>
    </section>
  );
}

/** Step 1 of a draft: each file, sheet and ZIP member as read; members can be removed. */
export function Members(props: {
  view: ImportView;
  files: Inspection[] | undefined;
  /** The files could not be read (empty, not a ZIP...): say why; Reset starts again. */
  error?: unknown;
  onExclude: (exclude: string[]) => void;
  onHeaderRow: (name: string, line: number) => void;
  onReset: () => void;
  onNext: () => void;
}) {
  const { view, files } = props;
  const [choosing, setChoosing] = useState<string>();
  const excluded = new Set(view.settings.options.exclude ?? []);
  const sheets = (files ?? []).flatMap((f) => f.sheets);
  const unknownLeft = sheets.some((s) => s.entity === 'UNKNOWN' && !excluded.has(s.name));
  const toggle = (name: string) =>
    props.onExclude(
      excluded.has(name) ? [...excluded].filter((n) => n !== name) : [...excluded, name],
    );
  return (
    <section>
      <h2>{t.upload.title}</h2>
      {!files && !props.error && <p className="loading">{t.upload.uploading}</p>}
      <ErrorBox error={props.error} />
      {files && (
        <ScrollBox label={t.upload.title}>
          <table className="grid members">
            <thead>
              <tr>
                <th scope="col">{t.upload.member}</th>
                <th scope="col">{t.upload.entity}</th>
                <th scope="col">{t.upload.rows}</th>
                <th scope="col">{t.upload.encoding}</th>
                <th scope="col">{t.upload.headerRow}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {files.map((f) =>
                f.sheets.map((s) => {
                  const out = excluded.has(s.name);
                  return (
                    <tr
                      key={`${f.file}/${s.name}`}
                      className={out ? 'excluded' : ''}
                      data-member={s.name}
                    >
                      <td>
                        {memberLabel(f.file, s.name, f.sheets.length)}
                        {out && <em> ({t.upload.removed})</em>}
                      </td>
                      <td>
                        <span className={s.entity === 'UNKNOWN' ? 'tag bad' : 'tag good'}>
                          {s.entity === 'UNKNOWN' ? t.upload.unknown : s.entity}
                        </span>
                      </td>
                      <td className="num">
                        {s.rowsEstimated
                          ? t.upload.aboutRows(s.rows.toLocaleString(t.locale))
                          : s.rows.toLocaleString(t.locale)}
                      </td>
                      <td>{s.encoding}</td>
                      <td>
                        {s.top ? (
                          <button
                            type="button"
                            className="link"
                            aria-label={`${t.upload.row(s.headerLine)}: ${t.upload.changeHeader(s.name)}`}
                            aria-expanded={choosing === s.name}
                            onClick={() => setChoosing(choosing === s.name ? undefined : s.name)}
                          >
                            {t.upload.row(s.headerLine)}
                          </button>
                        ) : (
                          t.upload.row(s.headerLine)
                        )}
                      </td>
                      <td>
                        <button type="button" onClick={() => toggle(s.name)}>
                          {out ? t.upload.putBack : t.upload.remove}
                        </button>
                      </td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {sheets
        .filter((s) => s.name === choosing && s.top)
        .map((s) => (
          <HeaderRow
            key={s.name}
            sheet={s}
            onChoose={(line) => props.onHeaderRow(s.name, line)}
            onClose={() => setChoosing(undefined)}
          />
        ))}
      {sheets
        .filter((s) => s.titleRows?.length)
        .map((s) => (
          <p key={s.name} className="muted">
            {t.upload.titleRows(s.name, s.headerLine, s.titleRows!)}
          </p>
        ))}
      {files
        ?.flatMap((f) => f.skipped)
        .map((s) => (
          <p key={s.name} className="warning">
            {t.upload.skipped(s.name, s.reason)}
          </p>
        ))}
      {unknownLeft && <p className="warning">{t.upload.unknownLeft}</p>}
      <Templates />
      <div className="buttons">
        <button type="button" onClick={() => go('#/')}>
          {t.upload.back}
        </button>
        <button type="button" onClick={props.onReset}>
          {t.upload.reset}
        </button>
        <button type="button" className="primary" disabled={!files} onClick={props.onNext}>
          {t.upload.import}
        </button>
      </div>
    </section>
  );
}

/** A member as the user knows it: a workbook's sheets already name their file. */
function memberLabel(file: string, name: string, count: number): string {
  if (name.startsWith(`${file} › `) || (count === 1 && name === file)) return name;
  return `${file} › ${name}`;
}

/** Blank templates of every entity type, as CSV or XLSX. */
function Templates() {
  const { data } = useLoad(() => api<EntityInfo[]>('/entity-types'), []);
  if (!data) return null;
  return (
    <details className="templates">
      <summary>{t.upload.templates}</summary>
      <ul>
        {data.map((e) => (
          <li key={e.name}>
            {e.label} ({e.name}):{' '}
            {(['csv', 'xlsx'] as const).map((fmt) => (
              <button
                key={fmt}
                type="button"
                className="link"
                onClick={() =>
                  void download(
                    `/entity-types/${e.name}/template?format=${fmt}`,
                    `${e.name}.${fmt}`,
                  )
                }
              >
                {fmt.toUpperCase()}
              </button>
            ))}
          </li>
        ))}
      </ul>
    </details>
  );
}
