import { useState } from 'react';
import { t } from '../texts';
import type { Inspection } from '../types';
import { ScrollBox } from '../components/ScrollBox';

type InspectedSheet = Inspection['sheets'][number];

/** How many cells of each first row are shown: enough to recognise the column names. */
const CELLS = 8;

/**
 * The header-row choice of a workbook's sheet: its first rows as they are, title rows
 * included, each with a radio button. Rows above the chosen one are skipped.
 */
export function HeaderRow(props: {
  sheet: InspectedSheet;
  onChoose: (line: number) => void;
  onClose: () => void;
}) {
  const { sheet } = props;
  // The row clicked shows chosen at once; the files are read again meanwhile.
  const [picked, setPicked] = useState<number>();
  const chosen = picked ?? sheet.headerLine;
  const top = sheet.top ?? [];
  const width = Math.min(CELLS, Math.max(0, ...top.map((r) => r.cells.length)));
  return (
    <fieldset className="header-row">
      <legend>{t.upload.headerQuestion(sheet.name)}</legend>
      <ScrollBox label={t.upload.headerQuestion(sheet.name)}>
        <table className="grid">
          <tbody>
            {top.map((r) => (
              <tr key={r.line} className={r.line === chosen ? 'chosen' : ''}>
                <th scope="row">
                  <label>
                    <input
                      type="radio"
                      name={`header-${sheet.name}`}
                      checked={r.line === chosen}
                      onChange={() => {
                        setPicked(r.line);
                        props.onChoose(r.line);
                      }}
                    />{' '}
                    {t.upload.row(r.line)}
                  </label>
                </th>
                {Array.from({ length: width }, (_, i) => (
                  <td key={i}>{r.cells[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <p className="muted">{t.upload.headerHint}</p>
      <button type="button" onClick={props.onClose}>
        {t.upload.headerDone}
      </button>
    </fieldset>
  );
}
