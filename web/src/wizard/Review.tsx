import { useState } from 'react';
import { api } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { OutcomeChart } from '../components/OutcomeChart';
import { Pager } from '../components/Pager';
import { Progress } from '../components/Progress';
import { useLoad } from '../components/useLoad';
import { t } from '../texts';
import type { CorrectionPage, Fix, ImportView, ProblemCount, RowPage, Summary } from '../types';
import { useKeyset } from '../components/useKeyset';
import { CellFix, FindReplace, FixList, type PickedCell } from './Fixes';
import { ValueMap } from './ValueMap';
import { ScrollBox } from '../components/ScrollBox';

const LIMIT = 50;

/** Countries offered for national phone numbers: ISO 3166 codes libphonenumber knows. */
const COUNTRIES = (
  'AD AE AR AT AU BE BG BR CA CH CL CN CO CY CZ DE DK DZ EE EG ES FI FR GB GR HK HR HU ID IE ' +
  'IL IN IS IT JP KR LB LI LT LU LV MA MC MT MX MY NG NL NO NZ PE PH PL PT RO RS RU SA SE SG ' +
  'SI SK SN TH TN TR TW UA US VN ZA'
).split(' ');

/**
 * Step 3: the plan of a validated import, before anything is written: counts per
 * outcome, problems by kind, the rows a page at a time with each bad cell marked and
 * its reason on hover (and on focus), and the corrections made.
 */
export function Review(props: {
  view: ImportView;
  busy?: boolean;
  onRevalidate: (options: Record<string, unknown>) => void;
  /** Back to the mapping (a draft again), while nothing is written. */
  onBack?: () => void;
  /** Cells can be fixed here (an importer, before the import is written). */
  canFix?: boolean;
  onNext: () => void;
}) {
  const { view } = props;
  const fixes = (view.settings.options.fixes ?? []) as Fix[];
  const [picked, setPicked] = useState<PickedCell>();
  const [refusedOnly, setRefusedOnly] = useState(false);
  // Each validation that ended: a fast one (a fix of a few rows) can start and end
  // between two readings of the import, its status the same before and after, and what
  // this step shows must still be read again.
  const round = view.events?.filter((e) => e.from === 'validating').length ?? 0;
  const problemCounts = useLoad(
    () =>
      view.status === 'validating'
        ? Promise.resolve([])
        : api<ProblemCount[]>(`/imports/${view.id}/problems`),
    [view.id, view.status, round],
  );
  // A fix is saved with the import's options, which is then validated again.
  const fix = (more: Fix[]) => {
    setPicked(undefined);
    props.onRevalidate({ fixes: [...fixes, ...more] });
  };
  const validating = view.status === 'validating';
  const summary = useLoad(
    () =>
      validating
        ? Promise.resolve(undefined)
        : api<Summary>(`/imports/${view.id}/reports/summary.json`).catch(() => undefined),
    [view.id, view.status, round],
  );
  const [code, setCode] = useState('');
  if (validating) {
    return (
      <section>
        <h2>{t.review.title}</h2>
        <p className="loading" role="status">
          {t.review.validating}
        </p>
        <Progress view={view} moving />
      </section>
    );
  }
  const issues = Object.entries(summary.data?.issues ?? {}).sort((a, b) => b[1] - a[1]);
  const ambiguous = issues.some(([c]) => c === 'INTAKE_E_DATE_AMBIGUOUS');
  // Phone numbers refused while no country is set are, most often, national numbers:
  // the country is asked here, not left to a command-line flag.
  const phones = issues.find(([c]) => c === 'INTAKE_E_PHONE')?.[1] ?? 0;
  const askCountry = phones > 0 && !view.settings.options.country;
  return (
    <section>
      <h2>{t.review.title}</h2>
      {view.status === 'failed' && (
        <div className="error" role="alert">
          <strong>{t.review.failed}</strong>
          <p>{view.error}</p>
        </div>
      )}
      {summary.data?.rechecked !== undefined && (
        <p className="muted" role="status">
          {t.review.rechecked(summary.data.rechecked)}
        </p>
      )}
      <div className="columns">
        <div>
          <h3>{t.review.outcomes}</h3>
          <OutcomeChart counts={view.counts} />
        </div>
        <div>
          <h3>{t.review.problems}</h3>
          {issues.length === 0 && <p className="ok">{t.review.noProblems}</p>}
          <ul className="problems">
            {issues.map(([c, n]) => (
              <li key={c}>
                <button
                  type="button"
                  className={`link${code === c ? ' active' : ''}`}
                  aria-pressed={code === c}
                  onClick={() => setCode(code === c ? '' : c)}
                >
                  <strong>{n.toLocaleString(t.locale)}</strong>{' '}
                  {(n === 1 ? t.problemOne[c] : undefined) ?? t.problem[c] ?? c}
                </button>
                {/* The code, for support and the docs: a details line, not the words. */}
                <small className="detail">
                  <code>{c}</code>
                </small>
              </li>
            ))}
          </ul>
        </div>
      </div>
      {ambiguous && (
        <DateChoice busy={props.busy} onChoose={(o) => props.onRevalidate({ dateOrder: o })} />
      )}
      {askCountry && (
        <CountryChoice
          count={phones}
          busy={props.busy}
          onChoose={(country) => props.onRevalidate({ country })}
        />
      )}
      <FixList
        fixes={props.canFix ? fixes : []}
        busy={props.busy}
        onRemove={(i) => props.onRevalidate({ fixes: fixes.filter((_, k) => k !== i) })}
      />
      {picked && (
        <CellFix
          key={`${picked.row.file}:${picked.row.line}:${picked.header}`}
          cell={picked}
          problems={problemCounts.data ?? []}
          busy={props.busy}
          onFix={fix}
          onClose={() => setPicked(undefined)}
        />
      )}
      <label className="toggle">
        <input
          type="checkbox"
          checked={refusedOnly}
          onChange={(e) => setRefusedOnly(e.target.checked)}
        />{' '}
        {t.fix.onlyRefused}
      </label>
      <RowGrid
        id={view.id}
        round={round}
        summary={summary.data}
        code={code}
        refusedOnly={refusedOnly}
        total={
          code
            ? undefined
            : refusedOnly
              ? (view.counts?.rejected ?? undefined)
              : (view.counts?.rows ?? undefined)
        }
        onPick={props.canFix ? setPicked : undefined}
      />
      {props.canFix && (
        <ValueMap
          entities={view.entities}
          problems={problemCounts.data ?? []}
          busy={props.busy}
          onFix={fix}
        />
      )}
      {props.canFix && (
        <FindReplace
          headers={[
            ...new Set(summary.data?.files.flatMap((f) => f.mapping.map((m) => m.header)) ?? []),
          ]}
          busy={props.busy}
          onFix={fix}
        />
      )}
      <Corrections id={view.id} round={round} />
      <div className="buttons">
        {props.onBack && (
          <button type="button" disabled={props.busy} onClick={props.onBack}>
            {t.review.back}
          </button>
        )}
        {view.status === 'awaiting_approval' && (
          <button type="button" className="primary" disabled={props.busy} onClick={props.onNext}>
            {t.review.next}
          </button>
        )}
      </div>
    </section>
  );
}

/** Which country national phone numbers are from; the import is validated again with it. */
function CountryChoice(props: {
  count: number;
  busy?: boolean;
  onChoose: (country: string) => void;
}) {
  const [country, setCountry] = useState('');
  const names = new Intl.DisplayNames([t.locale], { type: 'region' });
  const countries = COUNTRIES.map((c) => [c, names.of(c) ?? c] as const).sort((a, b) =>
    a[1].localeCompare(b[1], t.locale),
  );
  return (
    <form
      className="question"
      onSubmit={(e) => (e.preventDefault(), country && props.onChoose(country))}
    >
      <label>
        {t.review.country(props.count)}{' '}
        <select required value={country} onChange={(e) => setCountry(e.target.value)}>
          <option value="">{t.review.chooseCountry}</option>
          {countries.map(([code, name]) => (
            <option key={code} value={code}>
              {name} ({code})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={props.busy || !country}>
        {t.review.revalidate}
      </button>
    </form>
  );
}

function DateChoice({
  onChoose,
  busy,
}: {
  onChoose: (order: 'dmy' | 'mdy') => void;
  busy?: boolean;
}) {
  const [order, setOrder] = useState<'dmy' | 'mdy'>('dmy');
  return (
    <form className="date-choice" onSubmit={(e) => (e.preventDefault(), onChoose(order))}>
      <p>{t.review.dates}</p>
      {(['dmy', 'mdy'] as const).map((o) => (
        <label key={o}>
          <input
            type="radio"
            name="dateOrder"
            value={o}
            checked={order === o}
            onChange={() => setOrder(o)}
          />{' '}
          {t.map.dateOrders[o]}
        </label>
      ))}
      <button type="submit" disabled={busy}>
        {t.review.revalidate}
      </button>
    </form>
  );
}

/** The rows, a page at a time (so 100,000 rows cost one page each), bad cells marked. */
function RowGrid({
  id,
  summary,
  code,
  refusedOnly,
  total,
  onPick,
  round,
}: {
  id: string;
  /** Which validation's rows: read again after each. */
  round: number;
  summary?: Summary;
  code: string;
  refusedOnly?: boolean;
  /** The rows the grid pages through, when known. */
  total?: number;
  /** A refused cell was chosen, to be fixed. */
  onPick?: (cell: PickedCell) => void;
}) {
  const scope = `${code}:${refusedOnly}`;
  const pages = useKeyset(scope, LIMIT);
  // A jump to a page goes by offset (one query, wherever it lands); next and previous
  // go on from there by offset too. Otherwise pages go by keyset.
  const [jump, setJump] = useState<{ scope: string; offset: number }>();
  const jumped = jump?.scope === scope ? jump.offset : undefined;
  const query = new URLSearchParams({ limit: String(LIMIT) });
  if (jumped !== undefined) query.set('offset', String(jumped));
  else if (pages.after) query.set('after', pages.after);
  if (code) query.set('code', code);
  if (refusedOnly) query.set('outcome', 'rejected');
  const page = useLoad(
    () => api<RowPage>(`/imports/${id}/rows?${query}`),
    [id, query.toString(), round],
  );
  const rows = page.data?.rows ?? [];
  const offset = jumped ?? pages.offset;
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  // A ZIP's rows come from several files: each row says which.
  const manyFiles = (summary?.files.length ?? 0) > 1;
  // field -> header, per file, from the mapping that ran.
  const headerOf = (file: string, field: string) =>
    summary?.files.find((f) => f.name === file)?.mapping.find((m) => m.field === field)?.header;
  return (
    <section>
      <h3>
        {t.review.grid}
        {code ? `: ${t.problem[code] ?? code}` : ''}
      </h3>
      <ErrorBox error={page.error} onRetry={page.reload} />
      {/* The box scrolls: it takes the focus, so a keyboard can scroll it too. */}
      <ScrollBox label={t.review.grid}>
        <table className="grid rows">
          <thead>
            <tr>
              <th scope="col" className="pin pin-line">
                {t.review.line}
              </th>
              <th scope="col" className="pin pin-outcome">
                {t.review.outcome}
              </th>
              <th scope="col" className="pin pin-reason">
                {t.review.reason}
              </th>
              {manyFiles && <th scope="col">{t.review.file}</th>}
              {headers.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const bad = new Map<string, { field: string; code: string; message: string }[]>();
              for (const p of r.problems) {
                const h = p.field ? headerOf(r.file, p.field) : undefined;
                if (h) bad.set(h, [...(bad.get(h) ?? []), p]);
              }
              // What was corrected, shown in its cell: the file's value, then what is kept.
              const fixed = new Map<string, { from: string; to: string; rules: string[] }>();
              for (const c of r.corrections) {
                const h = headerOf(r.file, c.field);
                if (!h) continue;
                const had = fixed.get(h);
                fixed.set(h, {
                  from: had?.from ?? c.from,
                  to: c.to,
                  rules: [...(had?.rules ?? []), c.rule],
                });
              }
              // An update names the fields it changes (SPEC V5); their cells are marked.
              const changed = r.changed ? r.changed.split(', ') : [];
              const changedHeaders = new Set(changed.map((f) => headerOf(r.file, f)));
              return (
                <tr
                  key={`${r.file}:${r.line}`}
                  className={r.outcome}
                  data-line={r.line}
                  data-file={r.file}
                >
                  <td className="num pin pin-line">{r.line}</td>
                  <td className="pin pin-outcome">{t.outcome[r.outcome] ?? r.outcome}</td>
                  <td className="reason pin pin-reason">
                    {r.message || (changed.length > 0 ? t.review.changed(changed.join(', ')) : '')}
                  </td>
                  {manyFiles && <td className="file">{r.file}</td>}
                  {headers.map((h) => {
                    const why = bad.get(h);
                    const pick = () =>
                      onPick?.({ row: r, header: h, field: why![0]!.field, problems: why! });
                    return why ? (
                      <td
                        key={h}
                        className={onPick ? 'bad fixable' : 'bad'}
                        title={why.map((p) => p.message).join('\n')}
                        tabIndex={0}
                        aria-label={`${r.values[h] ?? ''}: ${why.map((p) => p.message).join('; ')}`}
                        onClick={onPick ? pick : undefined}
                        onKeyDown={
                          onPick
                            ? (e) =>
                                (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), pick())
                            : undefined
                        }
                      >
                        {r.values[h]}
                      </td>
                    ) : fixed.has(h) ? (
                      <td
                        key={h}
                        className={changedHeaders.has(h) ? 'corrected changed' : 'corrected'}
                        title={t.review.corrected(fixed.get(h)!.rules.join(', '))}
                      >
                        <del>{fixed.get(h)!.from}</del> → <ins>{fixed.get(h)!.to}</ins>
                      </td>
                    ) : (
                      <td key={h} className={changedHeaders.has(h) ? 'changed' : undefined}>
                        {r.values[h]}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      <Pager
        offset={offset}
        limit={LIMIT}
        shown={rows.length}
        total={total}
        more={page.data?.cursor != null}
        onOffset={(o) =>
          jumped !== undefined ? setJump({ scope, offset: o }) : pages.move(o, page.data?.cursor)
        }
        onJump={(o) => setJump({ scope, offset: o })}
      />
    </section>
  );
}

/** What Intake corrected, each as from → to with its rule. */
function Corrections({ id, round }: { id: string; round: number }) {
  const pages = useKeyset(id, LIMIT);
  const after = pages.after ? `&after=${pages.after}` : '';
  const page = useLoad(
    () => api<CorrectionPage>(`/imports/${id}/corrections?limit=${LIMIT}${after}`),
    [id, after, round],
  );
  const rows = page.data?.rows ?? [];
  return (
    <details className="corrections">
      <summary>{t.review.corrections}</summary>
      <ErrorBox error={page.error} />
      {page.data && rows.length === 0 && <p>{t.review.noCorrections}</p>}
      <ul>
        {rows.map((c, i) => (
          <li key={i}>
            {c.file} {t.review.line.toLowerCase()} {c.line}, {c.field}:{' '}
            <span className="from">{c.from}</span>
            {' → '}
            <span className="to">{c.to}</span> <code>{c.rule}</code>
          </li>
        ))}
      </ul>
      <Pager
        offset={pages.offset}
        limit={LIMIT}
        shown={rows.length}
        more={page.data?.cursor != null}
        onOffset={(o) => pages.move(o, page.data?.cursor)}
      />
    </details>
  );
}
