import { runTool } from './ssh-tools';

/** `chown -R user:user` (without following links), so files the test made as root belong to a test user. */
export async function chownTree(target: string, user: string): Promise<void> {
  await runTool('/bin/chown', ['-R', '-h', `${user}:${user}`, target]);
}
