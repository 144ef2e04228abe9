import { describe, expect, it } from 'vitest';
import { appFixMessage } from '../../../main/ipc/app-fix-wording';
import { CoreError } from '../../../main/core/shared';

describe("the app words core's fixes itself", () => {
  it('permission denied: the command to copy into a terminal, since the app does not run as root', () => {
    const error = new CoreError('permission-denied', 'Permission denied on /opt/bw/bwdata.', 'unusable-input', { command: 'sponsorship-setup status --bwdata /opt/bw/bwdata' }, {
      runAsOwner: true,
      command: 'status --bwdata /opt/bw/bwdata',
    });
    expect(appFixMessage(error)).toBe(
      'Permission denied on /opt/bw/bwdata. This app does not run as root; run this in a terminal as the user that owns bwdata (or with sudo): sponsorship-setup status --bwdata /opt/bw/bwdata',
    );
  });

  it('other fixes are the screen’s controls: the message stays as core wrote it', () => {
    const error = new CoreError('output-exists', 'x.json already exists.', 'unusable-input', { path: 'x.json' }, { flag: '--overwrite' });
    expect(appFixMessage(error)).toBe('x.json already exists.');
  });
});
