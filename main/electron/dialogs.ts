import { BrowserWindow, dialog } from 'electron';
import type { NativeDialogs } from '../ipc';

export function createElectronDialogs(): NativeDialogs {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  return {
    async pickFolder({ title }) {
      const window = parent();
      const options = { title, properties: ['openDirectory' as const, 'showHiddenFiles' as const] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickFile({ title, extensions }) {
      const window = parent();
      const options = {
        title,
        properties: ['openFile' as const],
        filters: extensions ? [{ name: 'Files', extensions }, { name: 'All files', extensions: ['*'] }] : [],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveFile({ title, defaultPath }) {
      const window = parent();
      const options = { title, defaultPath };
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
    async confirm({ title, message, detail, confirmLabel }) {
      const window = parent();
      // Cancel is the default and the answer to Escape: only an explicit click allows it.
      const options = { type: 'question' as const, title, message, detail, buttons: ['Cancel', confirmLabel], defaultId: 0, cancelId: 0, noLink: true };
      const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return result.response === 1;
    },
  };
}
