import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate authority made at test time with openssl; nothing is committed or trusted system-wide. */
export interface TestCa {
  name: string;
  certPem: string;
  certPath: string;
  keyPath: string;
}

export interface TestLeaf {
  certPem: string;
  keyPem: string;
  /** Leaf followed by the issuing CA, as a server should send it. */
  chainPem: string;
}

export interface TestPki {
  folder: string;
  createCa(name: string, options?: { organization?: string }): Promise<TestCa>;
  /**
   * A server certificate for `dnsNames` (and `ipAddresses`) signed by `ca`.
   * `notBefore`/`notAfter` accept openssl's `YYYYMMDDHHMMSSZ`, e.g. to make an expired leaf.
   */
  createLeaf(
    ca: TestCa,
    options: { commonName: string; dnsNames?: string[]; ipAddresses?: string[]; notBefore?: string; notAfter?: string },
  ): Promise<TestLeaf>;
  dispose(): Promise<void>;
}

let serial = 1000;

export async function createTestPki(): Promise<TestPki> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-pki-'));
  const openssl = (args: string[]) => run('openssl', args, { cwd: folder, timeout: 20_000 });

  return {
    folder,
    async createCa(name, options = {}) {
      const base = path.join(folder, name.replace(/[^a-z0-9-]/gi, '-'));
      const subject = `/CN=${name}${options.organization ? `/O=${options.organization}` : ''}`;
      await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${base}.key`]);
      await openssl([
        'req', '-x509', '-new', '-key', `${base}.key`, '-sha256', '-days', '30', '-subj', subject,
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
        '-out', `${base}.crt`,
      ]);
      return { name, certPem: await readFile(`${base}.crt`, 'utf8'), certPath: `${base}.crt`, keyPath: `${base}.key` };
    },
    async createLeaf(ca, options) {
      serial += 1;
      const base = path.join(folder, `leaf-${serial}`);
      const alt = [
        ...(options.dnsNames ?? [options.commonName]).map((name) => `DNS:${name}`),
        ...(options.ipAddresses ?? []).map((ip) => `IP:${ip}`),
      ].join(',');
      await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${base}.key`]);
      await openssl(['req', '-new', '-key', `${base}.key`, '-subj', `/CN=${options.commonName}`, '-out', `${base}.csr`]);
      await writeFile(
        `${base}.ext`,
        `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${alt}\n`,
      );
      if (options.notBefore || options.notAfter) {
        // `openssl x509 -req` (OpenSSL 3.0) cannot set a start date; the `ca` command can.
        const db = `${base}-db`;
        await writeFile(`${db}.index`, '');
        await writeFile(`${db}.serial`, `${serial.toString(16).padStart(4, '0')}\n`);
        await writeFile(
          `${db}.cnf`,
          [
            '[ca]', 'default_ca=test', '[test]', `database=${db}.index`, `serial=${db}.serial`,
            `new_certs_dir=${folder}`, 'default_md=sha256', 'policy=any', 'copy_extensions=none', 'unique_subject=no',
            '[any]', 'commonName=supplied',
          ].join('\n'),
        );
        await openssl([
          'ca', '-batch', '-config', `${db}.cnf`, '-cert', ca.certPath, '-keyfile', ca.keyPath, '-in', `${base}.csr`,
          '-out', `${base}.crt`, '-extfile', `${base}.ext`, '-notext',
          '-startdate', options.notBefore ?? '20200101000000Z', '-enddate', options.notAfter ?? '20991231000000Z',
        ]);
      } else {
        await openssl([
          'x509', '-req', '-in', `${base}.csr`, '-CA', ca.certPath, '-CAkey', ca.keyPath, '-set_serial', String(serial),
          '-days', '30', '-sha256', '-extfile', `${base}.ext`, '-out', `${base}.crt`,
        ]);
      }
      const certPem = await readFile(`${base}.crt`, 'utf8');
      return { certPem, keyPem: await readFile(`${base}.key`, 'utf8'), chainPem: certPem + ca.certPem };
    },
    async dispose() {
      await rm(folder, { recursive: true, force: true });
    },
  };
}
