import type { IpcError } from '../../../main/ipc';
import { ProblemCallout } from './problem-callout';

/**
 * A failed call shown with the server's own words when a cloud or vault refused (quoted as sent, they
 * say more than a code); any other failure is a ProblemCallout.
 */
export function ErrorCallout({ error, title }: { error: IpcError; title: string }) {
  const serverMessage = typeof error.details?.serverMessage === 'string' ? error.details.serverMessage : null;
  const explanations = error.details?.explanations ?? [];
  if (!serverMessage) return <ProblemCallout problem={error} title={title} />;
  return (
    <div className="callout callout-problem" role="alert">
      <p>
        <strong>{title}</strong>
      </p>
      <p>The server said:</p>
      <p className="license-server-words">{serverMessage}</p>
      {explanations.map((text) => (
        <p key={text}>{text}</p>
      ))}
    </div>
  );
}
