import type { ApplyMethodOption } from '../../../../main/ipc/contracts/cloud-contract';

export const CLOUD_KEY = 'globalSettings__enableCloudCommunication';

/** An apply option as the admin sees it on screen (its label without "(recommended)"), never its internal name. */
export function applyMethodLabel(option: Pick<ApplyMethodOption, 'title'> | undefined): string {
  return option ? option.title.replace(/ \(recommended\)$/, '') : '';
}

export function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
