import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, ensureCliBuilt } from '../../support/run-cli';

/** Every file a bundle file loads before any command runs: itself and its static imports, transitively. */
function staticallyLoaded(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  // `import … from "./x.mjs"` and bare `import "./x.mjs"`; `import("./x.mjs")` (lazy) is not matched.
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?:[^;()]*?\sfrom\s)?\s*"(\.{1,2}\/[^"]+\.mjs)"/g)) {
    staticallyLoaded(path.resolve(path.dirname(file), match[1]!), seen);
  }
  return seen;
}

/**
 * The bundled CLI loads each command's code on demand: what loads for every command (the entry, and the
 * argument parser it imports on start) holds none of apply's code, which only its own chunk does.
 */
describe('CLI bundle', () => {
  beforeAll(() => ensureCliBuilt());

  it('apply and its attach summary load only with the apply command', () => {
    const entry = readFileSync(CLI_ENTRY, 'utf8');
    const program = /import\("(\.\/chunks\/program-[^"]+\.mjs)"\)/.exec(entry)?.[1];
    expect(program, 'the entry loads the argument parser lazily').toBeDefined();
    const atStart = [...staticallyLoaded(CLI_ENTRY), ...staticallyLoaded(path.resolve(path.dirname(CLI_ENTRY), program!))];
    expect(atStart.length, "the parser's own chunks are followed").toBeGreaterThan(2);
    const applyMarkers = ['function attachApplyRun', 'function commandRunStatusText', 'after the run: '];
    for (const file of atStart) {
      const text = readFileSync(file, 'utf8');
      for (const marker of applyMarkers) expect(text.includes(marker), `${path.basename(file)} holds "${marker}"`).toBe(false);
    }
    const applyChunk = /import\("(\.\/apply-run-[^"]+\.mjs)"\)/.exec(readFileSync(path.resolve(path.dirname(CLI_ENTRY), program!), 'utf8'))?.[1];
    expect(applyChunk, 'apply is a lazily loaded chunk').toBeDefined();
    const applyFiles = [...staticallyLoaded(path.resolve(path.dirname(CLI_ENTRY), 'chunks', applyChunk!))].map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const marker of applyMarkers) expect(applyFiles).toContain(marker);
  });
});
