import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SshHost } from '../../../main/core/host/ssh/ssh-types';
import { LOGIN_USER, loginKeyFolder, openAsLoginUser, sshSkipReason, startSshdFor, type TestSshd } from '../../support/ssh';
import { chownTree } from '../../support/ssh/ownership';
import { describeHostContract } from './host-contract';

let keyFolder: string;
let sshd: TestSshd | undefined;
let host: SshHost | undefined;
const folders: string[] = [];

describeHostContract(
  'a server over SSH (as the login user)',
  {
    start: async () => {
      const { folder: made, key } = await loginKeyFolder('sst-ssh-contract-');
      keyFolder = made;
      sshd = await startSshdFor(key);
      host = await openAsLoginUser(sshd, key);
      return {
        host,
        newFolder: async () => {
          const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-contract-work-'));
          folders.push(folder);
          await chownTree(folder, LOGIN_USER);
          return folder;
        },
        handOver: (target) => chownTree(target, LOGIN_USER),
      };
    },
    stop: async () => {
      await host?.close();
      await sshd?.stop();
      await Promise.all([keyFolder, ...folders].filter(Boolean).map((folder) => fs.rm(folder, { recursive: true, force: true })));
    },
  },
  sshSkipReason(),
);
