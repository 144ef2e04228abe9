import type { FileHandle } from '../../../main/ipc';
import { PickButton } from './pick-button';

/**
 * A file chosen in main's native picker: its name (read-only, so a path cannot be typed), a
 * "Choose…" button and a "Clear" button. The file reaches main's calls only as the handle main issued.
 */
export function ChosenFileField({
  id,
  file,
  onChange,
  pick,
  pickLabel,
}: {
  id: string;
  file: FileHandle | null;
  onChange: (file: FileHandle | null) => void;
  /** Opens the native picker; resolves to the chosen file's handle, or null when cancelled. */
  pick: () => Promise<FileHandle | null>;
  pickLabel: string;
}) {
  return (
    <div className="row">
      <input id={id} type="text" readOnly placeholder="No file chosen" value={file?.name ?? ''} />
      <PickButton pick={pick} onPicked={onChange} label={pickLabel} />
      {file && (
        <button type="button" className="button" onClick={() => onChange(null)}>
          Clear
        </button>
      )}
    </div>
  );
}
