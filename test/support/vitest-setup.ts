import { vi } from 'vitest';

// Main-process code must never load Electron in tests: requiring it starts a binary download
// that cannot succeed here. Any test that reaches `electron` gets this inert stand-in.
vi.mock('electron', () => ({
  app: { isPackaged: false, getPath: () => '/nonexistent' },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  shell: { openExternal: vi.fn() },
  dialog: {},
  BrowserWindow: { fromWebContents: () => null, getAllWindows: () => [] },
}));
