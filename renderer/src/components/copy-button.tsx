import { useState } from 'react';

/**
 * Copies through main (the renderer has no clipboard permission) and says so for screen readers.
 * A refused copy says so too, so the admin knows to select the text by hand.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className={`button button-small${outcome === 'failed' ? ' button-danger' : ''}`}
      aria-label={`Copy ${label}`}
      title={outcome === 'failed' ? 'The clipboard refused the copy: select the text and copy it by hand.' : undefined}
      onClick={async () => {
        const result = await window.sponsorship.app.copyText(text);
        setOutcome(result.ok && result.value.copied ? 'copied' : 'failed');
        setTimeout(() => setOutcome('idle'), result.ok ? 2000 : 6000);
      }}
    >
      {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Not copied: select it by hand' : 'Copy'}
      <span className="visually-hidden" aria-live="polite">
        {outcome === 'copied' ? `${label} copied` : outcome === 'failed' ? `${label} not copied; select it and copy by hand` : ''}
      </span>
    </button>
  );
}
