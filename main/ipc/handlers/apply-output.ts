import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EVENTS } from '../channels';
import type { CloudApplyLine } from '../contracts/cloud-contract';
import type { HandlerContext } from '../handler-table';

/** Output is sent to the window in batches at most this often (and at the end). */
const OUTPUT_FLUSH_MS = 50;
const OUTPUT_BATCH_MAX = 500;

export async function newLogFile(folder: string, name: string): Promise<string> {
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  return path.join(folder, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
}

export function outputBatcher(context: HandlerContext, operationId: string) {
  let pending: CloudApplyLine[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    context.emit(EVENTS.cloudApplyOutput, { operationId, lines });
  };
  return {
    push(line: CloudApplyLine) {
      pending.push(line);
      if (pending.length >= OUTPUT_BATCH_MAX) flush();
      else timer ??= setTimeout(flush, OUTPUT_FLUSH_MS);
    },
    close: flush,
  };
}
