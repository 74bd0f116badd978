import { useState } from 'react';
import { api, ApiError } from '../api';
import { Choice } from '../components/Choice';
import { ErrorBox } from '../components/ErrorBox';
import { ScrollBox } from '../components/ScrollBox';
import { useLoad } from '../components/useLoad';
import { FirstRows } from './FirstRows';
import { can, type Me } from '../session';
import { t } from '../texts';
import type {
  EntityInfo,
  ImportOptions,
  ImportView,
  InspectedSheet,
  Inspection,
  OptionsChange,
  Template,
} from '../types';

/**
 * Step 2 of a draft: each kept sheet's columns, with sample values, the field Intake
 * suggests and how sure it is; every change is saved on the draft at once (PATCH), and
 * the draft is read again, so what is shown is what will run.
 */
export function MapStep(props: {
  me: Me;
  view: ImportView;
  files: Inspection[] | undefined;
  onChange: (change: { entity?: string | null; options?: OptionsChange }) => Promise<void>;
  onBack: () => void;
  onValidate: () => void;
}) {
  const { view, files, onChange } = props;
  const options = view.settings.options;
  const types = useLoad(() => api<EntityInfo[]>('/entity-types'), []);
  const excluded = new Set(options.exclude ?? []);
  const sheets = (files ?? []).flatMap((f) => f.sheets).filter((s) => !excluded.has(s.name));
  const type = (name: string) => types.data?.find((e) => e.name === name);
  const setOption = (k: keyof ImportOptions, v: string) =>
    onChange({ options: (o) => ({ ...o, [k]: v === '' ? null : v }) });
  // A yes/no option, saved as it is ticked (not held back until the server answers).
  const flag = (key: 'allowProtected' | 'clearEmpty' | 'createMissingOptions', label: string) => (
    <label>
      <input
        type="checkbox"
        defaultChecked={options[key] === true}
        onChange={(e) => void onChange({ options: (o) => ({ ...o, [key]: e.target.checked }) })}
      />
      {label}
    </label>
  );
  // A column only compared with the stored record, never written (options.verify).
  const setVerify = (field: string, on: boolean) =>
    onChange({
      options: (o) => {
        const verify = (o.verify ?? []).filter((f) => f !== field);
        return { ...o, verify: on ? [...verify, field] : verify };
      },
    });
  // Which identifier of its target a reference column names (options.lookup).
  const setLookup = (field: string, by: string) =>
    onChange({
      options: (o) => {
        const lookup = { ...(o.lookup ?? {}) };
        if (by === '') delete lookup[field];
        else lookup[field] = by;
        return { ...o, lookup };
      },
    });
  // Ignored by Intake itself, with no choice of the user's: a report's own column.
  const fromReport = (m: { header: string; method: string }) =>
    m.method === 'ignored' && !Object.hasOwn(options.mapping ?? {}, m.header);
  // Giving a column the field another column had takes it from that one: said, never
  // silent (issue 17).
  const [moved, setMoved] = useState<{ sheet: string; text: string }>();
  // A field, '' to ignore the column, or '*custom' to keep it as a custom field.
  const setField = (sheet: InspectedSheet, header: string, field: string) => {
    const had = sheet.mapping.find((m) => m.field === field && m.header !== header);
    const label = type(sheet.entity)?.fields.find((f) => f.name === field)?.label ?? field;
    setMoved(
      had
        ? {
            sheet: sheet.name,
            text: t.map.moved(label, had.header, header, options.unmapped === 'ignore'),
          }
        : undefined,
    );
    return onChange({
      options: (o) => {
        const mapping = { ...(o.mapping ?? {}) };
        // '*custom' is kept as the user's choice: a custom field even when columns no
        // field takes are ignored.
        mapping[header] = field === '' ? null : field;
        return { ...o, mapping };
      },
    });
  };
  const entities = [...new Set(sheets.map((s) => s.entity))];
  const matchKeys = [...new Set(entities.flatMap((e) => type(e)?.identifiers ?? []))];
  // One entity type: its defaults can be named; several may differ.
  const defaults = entities.length === 1 ? type(entities[0]!)?.defaults : undefined;
  const byDefault = (word: string | undefined, fallback: string) =>
    word ? t.map.byDefault(word) : fallback;

  return (
    <section>
      <h2>{t.map.title}</h2>
      <label>
        {t.map.entity}{' '}
        <select
          value={view.settings.entity ?? ''}
          onChange={(e) => void onChange({ entity: e.target.value || null })}
        >
          <option value="">{t.map.detect}</option>
          {types.data?.map((e) => (
            <option key={e.name} value={e.name}>
              {e.label} ({e.name})
            </option>
          ))}
        </select>
      </label>
      <TemplatePicker
        {...props}
        entity={view.settings.entity || (entities.length === 1 ? entities[0] : undefined)}
      />
      {sheets.map((s) => {
        const et = type(s.entity);
        const mapped = new Set(s.mapping.map((m) => m.field));
        const missing = (et?.fields ?? []).filter((f) => f.required && !mapped.has(f.name));
        return (
          <article key={s.name} className="sheet" data-sheet={s.name}>
            <h3>
              {s.name} → <span className={et ? 'tag good' : 'tag bad'}>{s.entity}</span>
            </h3>
            {s.remembered && !inForce(s.remembered.options, options) && (
              <div className="remembered" role="status">
                <p>{t.map.remembered(s.remembered.at.slice(0, 10), s.remembered.importId)}</p>
                <button
                  type="button"
                  onClick={() =>
                    void onChange({ options: (o) => ({ ...o, ...s.remembered!.options }) })
                  }
                >
                  {t.map.useRemembered}
                </button>
              </div>
            )}
            {moved?.sheet === s.name && (
              <p className="warning" role="status">
                {moved.text}
              </p>
            )}
            {s.warnings.map((w) => (
              <p key={w} className="warning">
                {w}
              </p>
            ))}
            {s.mapping.some((m) => !m.field && !fromReport(m)) && (
              <p className="muted">
                {t.map.unmapped(
                  s.mapping
                    .filter((m) => !m.field && !fromReport(m))
                    .map((m) => m.header)
                    .join(', '),
                )}
              </p>
            )}
            {missing.length > 0 && (
              <p className="warning" role="alert">
                {t.map.missing(missing.map((f) => f.label).join(', '))}
              </p>
            )}
            {et && (
              <ScrollBox label={t.map.columnsOf(s.name)}>
                <table className="grid mapping">
                  <thead>
                    <tr>
                      <th scope="col">{t.map.column}</th>
                      <th scope="col">{t.map.sample}</th>
                      <th scope="col">{t.map.field}</th>
                      <th scope="col">{t.map.confidence}</th>
                      <th scope="col">{t.map.verify}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.mapping.map((m, i) => {
                      const ignored =
                        options.mapping?.[m.header] === null || m.method === 'unmapped';
                      // A column an earlier report of Intake's added (a rejection file
                      // imported again): never data, never mapped.
                      if (fromReport(m)) {
                        return (
                          <tr key={m.header} data-column={m.header} className="report-column">
                            <th scope="row">{m.header}</th>
                            <td colSpan={4} className="muted">
                              {t.map.reportColumn}
                            </td>
                          </tr>
                        );
                      }
                      return (
                        <tr key={m.header} data-column={m.header}>
                          <th scope="row">{m.header}</th>
                          <td className="samples">{s.samples[i]?.join(' · ')}</td>
                          <td>
                            <select
                              aria-label={`${t.map.field}: ${m.header}`}
                              value={m.field ?? (ignored ? '' : '*custom')}
                              onChange={(e) => void setField(s, m.header, e.target.value)}
                            >
                              <option value="*custom">{t.map.custom}</option>
                              <option value="">{t.map.ignore}</option>
                              <option value="_operation">{t.map.operationColumn}</option>
                              {et.fields.map((f) => (
                                <option key={f.name} value={f.name}>
                                  {f.label}
                                  {f.required ? ' *' : ''}
                                </option>
                              ))}
                            </select>
                            {/* The next guesses, when Intake's choice is not certain. */}
                            {m.method !== 'exact' &&
                              m.method !== 'manual' &&
                              (m.alternatives?.length ?? 0) > 0 && (
                                <span className="alternatives">
                                  {t.map.or}{' '}
                                  {m.alternatives!.map((a, k) => (
                                    <span key={a.field}>
                                      {k > 0 && ', '}
                                      <button
                                        type="button"
                                        className="link"
                                        aria-label={t.map.useAlternative(
                                          m.header,
                                          labelOf(et, a.field),
                                        )}
                                        onClick={() => void setField(s, m.header, a.field)}
                                      >
                                        {labelOf(et, a.field)}
                                      </button>{' '}
                                      ({Math.round(a.confidence * 100)}%)
                                    </span>
                                  ))}
                                </span>
                              )}
                            {(() => {
                              const target = et.fields.find((f) => f.name === m.field)?.references;
                              const ids = target ? (type(target)?.identifiers ?? []) : [];
                              return (
                                ids.length > 1 && (
                                  <select
                                    aria-label={`${t.map.lookup}: ${m.header}`}
                                    value={options.lookup?.[m.field!] ?? ''}
                                    onChange={(e) => void setLookup(m.field!, e.target.value)}
                                  >
                                    <option value="">{t.map.lookupDefault}</option>
                                    {ids.map((id) => (
                                      <option key={id} value={id}>
                                        {t.map.lookupBy(id)}
                                      </option>
                                    ))}
                                  </select>
                                )
                              );
                            })()}
                          </td>
                          {/* A guess (a fuzzy or alias match below 90%) asks to be checked. */}
                          <td className={m.field && m.confidence < 0.9 ? 'low' : undefined}>
                            {m.field ? `${Math.round(m.confidence * 100)}% (${m.method})` : ''}
                            {m.field && m.confidence < 0.9 && (
                              <strong className="check"> {t.map.check}</strong>
                            )}
                          </td>
                          <td>
                            {m.field && m.field !== options.match && m.field !== '_operation' && (
                              <input
                                key={m.field}
                                type="checkbox"
                                aria-label={`${t.map.verify}: ${m.header}`}
                                defaultChecked={options.verify?.includes(m.field) ?? false}
                                onChange={(e) => void setVerify(m.field!, e.target.checked)}
                              />
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </ScrollBox>
            )}
            <FirstRows sheet={s} />
          </article>
        );
      })}
      <fieldset className="options">
        <legend>{t.map.options}</legend>
        <Choice
          label={t.map.mode}
          value={options.mode}
          none={byDefault(defaults && t.map.modes[defaults.mode], t.map.packDefault)}
          choices={t.map.modes}
          onChange={(v) => void setOption('mode', v)}
        />
        <Choice
          label={t.map.match}
          value={options.match}
          none={byDefault(defaults?.match ?? undefined, t.map.matchAuto)}
          choices={Object.fromEntries(matchKeys.map((k) => [k, k]))}
          onChange={(v) => void setOption('match', v)}
        />
        <Choice
          label={t.map.commit}
          value={options.commit}
          none={byDefault(defaults && t.map.commits[defaults.commit], t.map.packDefault)}
          choices={t.map.commits}
          onChange={(v) => void setOption('commit', v)}
        />
        <label>
          {t.map.country}
          <input
            defaultValue={options.country ?? ''}
            maxLength={2}
            size={3}
            onBlur={(e) => {
              // Only a change is saved: tabbing through the field must not send a request
              // (one in flight held back the Validate pressed right after it).
              const next = e.target.value.toUpperCase();
              if (next !== (options.country ?? '')) void setOption('country', next);
            }}
          />
        </label>
        <Choice
          label={t.map.dateOrder}
          value={options.dateOrder}
          none={t.map.dateOrders.auto!}
          choices={{ dmy: t.map.dateOrders.dmy!, mdy: t.map.dateOrders.mdy! }}
          onChange={(v) => void setOption('dateOrder', v)}
        />
        <Choice
          label={t.map.duplicates}
          value={options.duplicates as string | undefined}
          none={t.map.packDefault}
          choices={t.map.duplicatePolicies}
          onChange={(v) => void setOption('duplicates', v)}
        />
        {flag('allowProtected', t.map.allowProtected)}
        {flag('clearEmpty', t.map.clearEmpty)}
        {flag('createMissingOptions', t.map.createMissingOptions)}
        <label>
          <input
            type="checkbox"
            defaultChecked={options.unmapped !== 'ignore'}
            onChange={(e) =>
              void onChange({
                options: (o) => ({ ...o, unmapped: e.target.checked ? 'custom' : 'ignore' }),
              })
            }
          />
          {t.map.keepUnmapped}
        </label>
      </fieldset>
      {/* What the mapping leaves out, as the server said it (an incomplete draft). */}
      {view.status === 'incomplete' && (
        <div className="incomplete" role="status">
          <p>{t.map.incomplete}</p>
          <ul>
            {(view.error ?? '')
              .replace(/^[^:]*: /, '')
              .split('; ')
              .map((gap) => (
                <li key={gap}>{gap}</li>
              ))}
          </ul>
        </div>
      )}
      <div className="buttons">
        <button type="button" onClick={props.onBack}>
          {t.map.back}
        </button>
        <button
          type="button"
          className="primary"
          onClick={props.onValidate}
          disabled={view.status === 'incomplete'}
        >
          {t.map.validate}
        </button>
      </div>
    </section>
  );
}

/** Start from a saved template, or (admins) save this draft's settings as one. */
function TemplatePicker(props: {
  me: Me;
  view: ImportView;
  /** The entity type the template is for: the one chosen, or the only one detected. */
  entity: string | undefined;
  onChange: (change: { entity?: string | null; options?: OptionsChange }) => Promise<void>;
}) {
  const { data: all } = useLoad(() => api<Template[]>('/templates'), []);
  // Only the templates of the entity type at hand, once it is known.
  const data = all?.filter((x) => !props.entity || sameType(x.entity, props.entity));
  const [name, setName] = useState('');
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<unknown>();
  const apply = (chosen: string) => {
    const tpl = data?.find((x) => x.name === chosen);
    if (tpl)
      void props.onChange({ entity: tpl.entity, options: (o) => ({ ...o, ...tpl.options }) });
  };
  const save = async () => {
    setError(undefined);
    try {
      await api(`/templates/${encodeURIComponent(name)}`, {
        method: 'PUT',
        json: { entity: props.entity, options: props.view.settings.options },
      });
      setNote(t.map.saved(name));
    } catch (e) {
      setError(e instanceof ApiError ? e : new Error(String(e)));
    }
  };
  return (
    <div className="template-picker">
      {data && data.length > 0 && (
        <label>
          {t.map.template}{' '}
          <select defaultValue="" onChange={(e) => apply(e.target.value)}>
            <option value="">{t.map.noTemplate}</option>
            {data.map((x) => (
              <option key={x.name} value={x.name}>
                {props.entity ? x.name : `${x.name} (${x.entity})`}
              </option>
            ))}
          </select>
        </label>
      )}
      {can(props.me, 'importer') && !props.entity && (
        <p className="muted">{t.map.templateNeedsEntity}</p>
      )}
      {can(props.me, 'importer') && props.entity ? (
        <form className="inline" onSubmit={(e) => (e.preventDefault(), void save())}>
          <label>
            {t.map.saveAs}{' '}
            <input
              value={name}
              placeholder={t.map.templateName}
              pattern="[A-Za-z0-9][\w.\-]*"
              required
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit">{t.map.save}</button>
        </form>
      ) : null}
      {note && <p className="ok">{note}</p>}
      <ErrorBox error={error} />
    </div>
  );
}

/** Whether every option of `wanted` is already the draft's (a remembered mapping in use). */
function inForce(wanted: Record<string, unknown>, current: Record<string, unknown>): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return Object.entries(wanted).every(([k, v]) => {
    if (k !== 'mapping') return same(v, current[k]);
    const now = (current.mapping ?? {}) as Record<string, unknown>;
    return Object.entries(v as Record<string, unknown>).every(([h, f]) => same(f, now[h]));
  });
}

/** A template's type and the draft's, which may be named without its pack (`customer`). */
function sameType(template: string, chosen: string): boolean {
  return template === chosen || template.endsWith(`.${chosen}`);
}

/** A field as people read it: its label. */
function labelOf(e: EntityInfo, field: string): string {
  return e.fields.find((f) => f.name === field)?.label ?? field;
}
