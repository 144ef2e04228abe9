import type { ApplyMethodOption } from '../../../../main/ipc/contracts/cloud-contract';
import type { ApplyMethod } from '../../../../main/core/runner';

export const CLOUD_KEY = 'globalSettings__enableCloudCommunication';

/** An apply option as the admin sees it on screen (its label without "(recommended)"), never its internal name. */
export function applyMethodLabel(option: Pick<ApplyMethodOption, 'title'> | undefined): string {
  return option ? option.title.replace(/ \(recommended\)$/, '') : '';
}

export function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const METHOD_TITLES: Record<ApplyMethod, string> = { restart: 'A restart', rebuild: 'A rebuild, then start', 'no-pull': 'Recreating the containers without pulling' };

/** A method named in a sentence, for a run found on the server. */
export function applyMethodTitle(method: ApplyMethod): string {
  return METHOD_TITLES[method];
}
