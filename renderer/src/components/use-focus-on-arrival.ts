import { useEffect, useRef } from 'react';

/**
 * Moves keyboard focus to an action's result when it arrives: `key` names the result (null while there
 * is none); each new non-null key focuses the element once. The first render never steals focus, so a
 * result restored from earlier (or already there when the step opens) leaves focus on the heading.
 * The element needs `tabIndex={-1}`.
 */
export function useFocusOnArrival<T extends HTMLElement>(key: string | null) {
  const ref = useRef<T>(null);
  const previous = useRef<string | null>(key);
  useEffect(() => {
    if (key !== null && key !== previous.current) ref.current?.focus();
    previous.current = key;
  }, [key]);
  return ref;
}
