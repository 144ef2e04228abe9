import type { ReactNode } from 'react';
import { PickButton } from './pick-button';

/**
 * A typed path with a "Choose…" button that opens the native picker; a picked path replaces the
 * text (a cancelled picker leaves it). `children` go between the two (e.g. the form's submit button).
 */
export function PathField({
  id,
  name,
  value,
  placeholder,
  onChange,
  pick,
  pickLabel,
  children,
}: {
  id: string;
  name?: string;
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
  /** Opens the native picker; resolves to the chosen path, or null when cancelled. */
  pick: () => Promise<string | null>;
  pickLabel: string;
  children?: ReactNode;
}) {
  return (
    <div className="row">
      <input
        id={id}
        name={name}
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {children}
      <PickButton pick={pick} onPicked={onChange} label={pickLabel} />
    </div>
  );
}
