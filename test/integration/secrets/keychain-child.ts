// Runs in a child process (inside dbus-run-session for the real keychain) and prints one JSON line.
import { KeytarSecretStore, openSecretStore } from '../../../main/core/secrets';

async function main(): Promise<void> {
  const mode = process.argv[2];
  const service = process.argv[3] ?? 'Sponsorship Setup (test)';
  if (mode === 'open') {
    const opened = await openSecretStore({ service, probeTimeoutMs: 4_000 });
    console.log(JSON.stringify({ persistent: opened.persistent, reason: opened.persistent ? undefined : opened.reason, storePersistent: opened.store.persistent }));
    return;
  }
  const store = new KeytarSecretStore(service);
  const steps: Record<string, unknown> = {};
  await store.set('cloud:user.1', 'first-secret');
  steps.afterSet = await store.get('cloud:user.1');
  await store.set('cloud:user.1', 'second-secret');
  steps.afterOverwrite = await store.get('cloud:user.1');
  await store.set('billing-sync:org', 'sync-token');
  steps.list = await store.list();
  steps.deleted = await store.delete('cloud:user.1');
  steps.afterDelete = await store.get('cloud:user.1');
  steps.deleteMissing = await store.delete('cloud:user.1');
  steps.listAfter = await store.list();
  console.log(JSON.stringify(steps));
}

main().catch((error: unknown) => {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});
