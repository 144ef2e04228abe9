import { readInstallStatus } from '../../core/install';
import type { AppServices } from '../services';
import type { Trust } from '../trust';

/** The self-hosted vault main knows: the signed-in connection's, else the install's env file's. Never the page's. */
export async function selfVaultUrl(services: AppServices, trust: Trust, installId: string | null): Promise<string | null> {
  const signedIn = (await services.settings.load()).servers.self?.vaultUrl;
  if (signedIn) return signedIn;
  if (!installId) return null;
  try {
    return (await readInstallStatus(services.host, trust.handles.installHandle(installId).folder)).vaultUrl;
  } catch {
    return null;
  }
}
