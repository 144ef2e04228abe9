import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalHost } from '../../../main/core/host';
import { describeHostContract } from './host-contract';

const folders: string[] = [];

describeHostContract('this computer', {
  start: async () => ({
    host: createLocalHost(),
    newFolder: async () => {
      const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-local-contract-'));
      folders.push(folder);
      return folder;
    },
    handOver: async () => undefined,
  }),
  stop: async () => {
    await Promise.all(folders.map((folder) => fs.rm(folder, { recursive: true, force: true })));
  },
});
