import './diff-view.css';

/** How a unified-diff line reads, for its colour and its screen-reader prefix. */
function lineKind(line: string): 'add' | 'remove' | 'hunk' | 'header' | 'note' | 'context' {
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'remove';
  if (line.startsWith('\\')) return 'note';
  return 'context';
}

const SPOKEN: Partial<Record<ReturnType<typeof lineKind>, string>> = { add: 'added: ', remove: 'removed: ' };

/**
 * A unified diff exactly as given (nothing re-wrapped or trimmed), added lines green and removed
 * lines red; the +/- signs stay visible so the meaning never rests on colour alone.
 */
export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = diff.endsWith('\n') ? diff.slice(0, -1).split('\n') : diff.split('\n');
  return (
    // Scrollable, so focusable for keyboard users.
    <pre className="diff-view" aria-label={label} tabIndex={0} data-testid="diff-view">
      {lines.map((line, index) => {
        const kind = lineKind(line);
        return (
          <span key={index} className={`diff-line diff-line-${kind}`} data-kind={kind}>
            {SPOKEN[kind] && <span className="visually-hidden">{SPOKEN[kind]}</span>}
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
