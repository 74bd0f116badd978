/** A labelled list of choices, with a first one ('') that leaves the setting unset. */
export function Choice(props: {
  label: string;
  value: string | null | undefined;
  none: string;
  choices: Record<string, string>;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.none}</option>
        {Object.entries(props.choices).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}
