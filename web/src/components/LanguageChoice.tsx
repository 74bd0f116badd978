import { chooseLanguage, LANGUAGES, t } from '../texts';

/** The language of the UI, from those Intake speaks; each named in its own language. */
export function LanguageChoice() {
  return (
    <label className="language">
      <span className="visually-hidden">{t.nav.language}</span>
      <select value={t.locale} onChange={(e) => chooseLanguage(e.target.value)}>
        {Object.entries(LANGUAGES).map(([code, l]) => (
          <option key={code} value={code} lang={code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
