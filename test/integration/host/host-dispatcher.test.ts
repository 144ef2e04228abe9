import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createLocalHost, type Host } from '../../../main/core/host';
import { createHostDispatcher } from '../../../main/core/host/host-dispatcher';
import { createTestPki, type TestCa, type TestPki } from '../../support/test-pki';
import { closedPort, startHttpsServer, type RunningServer } from '../../support/network/servers';

// API calls routed "through a host": every connection opens with Host.connect (here LocalHost's own sockets),
// TLS runs in this process against the test CA. Loopback only.
const NAME = 'vault.bitwarden.test';
let pki: TestPki;
let root: TestCa;
let server: RunningServer;
const dialled: string[] = [];
const localHost = createLocalHost();
const recordingHost: Host = {
  ...localHost,
  connect: (address, port, signal) => {
    dialled.push(`${address}:${port}`);
    return localHost.connect(address, port, signal);
  },
};

beforeAll(async () => {
  pki = await createTestPki();
  root = await pki.createCa('Dispatcher Test Root', { organization: 'Test Public CA' });
  const leaf = await pki.createLeaf(root, { commonName: NAME, dnsNames: [NAME, 'localhost'], ipAddresses: ['127.0.0.1'] });
  server = await startHttpsServer({
    certPem: leaf.chainPem,
    keyPem: leaf.keyPem,
    handler: (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, host: req.headers.host }));
    },
  });
});

afterAll(async () => {
  await server?.close();
  await pki?.dispose();
});

describe('createHostDispatcher', () => {
  it('sends HTTPS requests over connections the host opened, verifying the certificate with the extra root', async () => {
    const dispatcher = createHostDispatcher(recordingHost, { extraCaPem: root.certPem, connectTimeoutMs: 3000 });
    try {
      const response = await request(`https://127.0.0.1:${server.port}/api/config`, { dispatcher });
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toEqual({ path: '/api/config', host: `127.0.0.1:${server.port}` });
      expect(dialled).toContain(`127.0.0.1:${server.port}`);
    } finally {
      await dispatcher.close();
    }
  });

  it('keeps certificate checks on: without the root the request fails', async () => {
    const dispatcher = createHostDispatcher(recordingHost, { connectTimeoutMs: 3000 });
    try {
      await expect(request(`https://127.0.0.1:${server.port}/api/config`, { dispatcher })).rejects.toMatchObject({
        code: expect.stringMatching(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/),
      });
    } finally {
      await dispatcher.close();
    }
  });

  it("passes the host's reason for a failed open on (a closed port: ECONNREFUSED) and refuses plain http", async () => {
    const dispatcher = createHostDispatcher(recordingHost, { extraCaPem: root.certPem, connectTimeoutMs: 3000 });
    try {
      const port = await closedPort();
      await expect(request(`https://127.0.0.1:${port}/`, { dispatcher })).rejects.toMatchObject({ code: 'ECONNREFUSED', name: 'HostConnectError' });
      await expect(request(`http://127.0.0.1:${server.port}/`, { dispatcher })).rejects.toThrow(/only https:\/\/ can be routed/);
    } finally {
      await dispatcher.close();
    }
  });
});
