import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import './log-view.css';

export interface LogViewLine {
  stream: 'stdout' | 'stderr' | 'info';
  text: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/** Row height in px; fixed so only the visible window is rendered (tens of thousands of lines stay smooth). */
const ROW = 20;
const OVERSCAN = 20;

function timeOf(at: number): string {
  const date = new Date(at);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

const MARK: Record<LogViewLine['stream'], string> = { stdout: 'OUT', stderr: 'ERR', info: '···' };

/**
 * A live log: timestamped lines, stderr marked (ERR, not colour alone), virtualized so only the
 * visible rows exist in the DOM. It follows new lines while the user is at the bottom and stops
 * following when they scroll up (a "Jump to latest" button brings them back).
 *
 * `lines` may be the same array mutated in place: pass `version` (anything that changes when it
 * grew) so the view re-renders.
 */
export function LogView({
  lines,
  version,
  label,
  emptyText,
  height = 320,
  dropped = 0,
}: {
  lines: readonly LogViewLine[];
  version: number;
  label: string;
  emptyText: string;
  height?: number;
  /** Lines no longer kept in memory (shown as a note at the top). */
  dropped?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);

  const onScroll = useCallback(() => {
    const element = box.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW;
    followingRef.current = atBottom;
    setFollowing(atBottom);
  }, []);

  // After new lines arrive, stay at the bottom unless the user scrolled away.
  useLayoutEffect(() => {
    const element = box.current;
    if (element && followingRef.current) {
      element.scrollTop = element.scrollHeight;
      setScrollTop(element.scrollTop);
    }
  }, [version, lines.length]);

  const count = lines.length;
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);
  const rows = [];
  for (let index = first; index < last; index++) {
    const line = lines[index]!;
    rows.push(
      <div key={index} className={`log-row log-row-${line.stream}`} style={{ top: index * ROW }} data-stream={line.stream}>
        <span className="log-time">{timeOf(line.at)}</span> <span className="log-mark">{MARK[line.stream]}</span> {line.text}
      </div>,
    );
  }

  return (
    <div className="log-view-frame">
      <div
        ref={box}
        className="log-view-box"
        role="log"
        // Thousands of lines must not flood a screen reader; the step announces the outcome instead.
        aria-live="off"
        aria-label={label}
        tabIndex={0}
        style={{ height }}
        onScroll={onScroll}
        data-testid="log-view"
        data-line-count={count}
      >
        {count === 0 ? (
          <p className="log-empty">{emptyText}</p>
        ) : (
          <div className="log-canvas" style={{ height: count * ROW }}>
            {rows}
          </div>
        )}
      </div>
      <div className="log-footer">
        <span className="muted">
          {count.toLocaleString()} lines{dropped > 0 ? ` (the first ${dropped.toLocaleString()} are only in the log file)` : ''}
        </span>
        {/* Always rendered (hidden when following) so the layout does not jump. */}
        <button
          type="button"
          className="button button-small"
          style={{ visibility: following || count === 0 ? 'hidden' : 'visible' }}
          onClick={() => {
            const element = box.current;
            if (!element) return;
            followingRef.current = true;
            setFollowing(true);
            element.scrollTop = element.scrollHeight;
          }}
        >
          Jump to latest
        </button>
      </div>
    </div>
  );
}
