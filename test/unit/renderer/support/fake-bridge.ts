import { vi, type Mock } from 'vitest';
import type { IpcError, IpcResult } from '../../../../main/ipc';
import type { SponsorshipApi } from '../../../../preload/api/index';
import { useWizardStore } from '../../../../renderer/src/state/wizard-store';

type Method = (...args: never[]) => unknown;

/** `window.sponsorship` with every method a mock: the ones a test gives answer, the others fail loudly. */
export type FakeBridge = { [N in keyof SponsorshipApi]: { [M in keyof SponsorshipApi[N]]: SponsorshipApi[N][M] extends Method ? Mock<SponsorshipApi[N][M]> : never } };

/** What a test gives: some methods of some namespaces, typed as the preload declares them. */
export type FakeBridgeAnswers = { [N in keyof SponsorshipApi]?: Partial<SponsorshipApi[N]> };

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const failed = (error: Partial<IpcError> & Pick<IpcError, 'code' | 'message'>): { ok: false; error: IpcError } => ({ ok: false, error: { kind: 'problem', ...error } });

/**
 * Installs a fake preload API on `window.sponsorship`. A call to a method the test did not give
 * throws with its name, so a screen that asks main for something unexpected fails the test.
 */
export function installFakeBridge(answers: FakeBridgeAnswers): FakeBridge {
  const given = answers as Record<string, Record<string, Method> | undefined>;
  const namespaces = new Map<string, Record<string, Mock>>();
  const methodOf = (name: string, methods: Map<string, Mock>, method: string): Mock => {
    let mock = methods.get(method);
    if (!mock) {
      const missing = () => {
        throw new Error(`[test] window.sponsorship.${name}.${method} was called but the test gave no answer`);
      };
      mock = vi.fn(given[name]?.[method] ?? missing);
      methods.set(method, mock);
    }
    return mock;
  };
  const namespace = (name: string): Record<string, Mock> => {
    let proxy = namespaces.get(name);
    if (!proxy) {
      const methods = new Map<string, Mock>();
      proxy = new Proxy({} as Record<string, Mock>, { get: (_target, method: string) => methodOf(name, methods, method) });
      namespaces.set(name, proxy);
    }
    return proxy;
  };
  const bridge = new Proxy({} as FakeBridge, { get: (_target, name: string) => namespace(name) });
  window.sponsorship = bridge as unknown as SponsorshipApi;
  return bridge;
}

/** Back to the state the store starts with (the real slices' initial values). */
export function resetWizardStore(): void {
  useWizardStore.setState(useWizardStore.getInitialState(), true);
}
