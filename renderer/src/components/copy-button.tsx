import { useState } from 'react';

/** Copies through main (the renderer has no clipboard permission) and says so for screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button button-small"
      aria-label={`Copy ${label}`}
      onClick={async () => {
        const result = await window.sponsorship.app.copyText(text);
        setCopied(result.ok);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? 'Copied' : 'Copy'}
      <span className="visually-hidden" aria-live="polite">
        {copied ? `${label} copied` : ''}
      </span>
    </button>
  );
}
