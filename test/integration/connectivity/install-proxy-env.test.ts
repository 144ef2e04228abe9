import { afterAll, describe, expect, it } from 'vitest';
import { runConnectivityCheck } from '../../../main/core/connectivity';
import { createLocalHost } from '../../../main/core/host';
import { installProxyEnv } from '../../../main/core/install';
import { createTempInstall, type TempInstall } from '../../support/temp-install';
import { closedPort } from '../../support/network/servers';
import { onlyTarget, stageOf } from '../../support/network/report-helpers';

// From a server, the proxy to test is the one the install gives its containers (global.override.env).
const installs: TempInstall[] = [];
afterAll(async () => {
  await Promise.all(installs.map((i) => i.dispose()));
});

describe('installProxyEnv', () => {
  it("reads the containers' proxy variables from the env file and the check uses them from the server", async () => {
    const proxyPort = await closedPort();
    const install = await createTempInstall({
      envContent: `globalSettings__baseServiceUri__cloudRegion=US\nHTTPS_PROXY=http://127.0.0.1:${proxyPort}\nNO_PROXY=identity,api\nOTHER=x\n`,
    });
    installs.push(install);
    const host = createLocalHost();
    const env = await installProxyEnv(host, install.root);
    expect(env).toEqual({ HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: 'identity,api' });
    const target = onlyTarget(
      await runConnectivityCheck({ urls: ['https://127.0.0.1:8443/alive'], timeoutMs: 1000 }, { env, vantage: { host, measuredFrom: 'server' } }),
    );
    expect(stageOf(target, 'proxy').detail).toMatch(new RegExp(`via http://127\\.0\\.0\\.1:${proxyPort} \\(from HTTPS_PROXY\\)`));
    // Nothing listens there: the proxy itself cannot be reached from the server.
    expect(target).toMatchObject({ verdict: 'proxy-failed', failedStage: 'tcp', measuredFrom: 'server' });
  });

  it('gives an empty environment when the install sets no proxy', async () => {
    const install = await createTempInstall({ envContent: 'globalSettings__baseServiceUri__cloudRegion=US\n' });
    installs.push(install);
    expect(await installProxyEnv(createLocalHost(), install.root)).toEqual({});
  });
});
