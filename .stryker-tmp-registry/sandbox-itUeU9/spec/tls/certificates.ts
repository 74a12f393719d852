// @ts-nocheck
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, as PEM files in a test's folder. */
export interface Issued {
  readonly cert: string;
  readonly key: string;
  /** The PEM text of the certificate. */
  readonly pem: string;
}

/**
 * TestPki is a throw-away certificate authority made with `openssl` in a
 * temporary folder: it issues server certificates (for 127.0.0.1 and
 * localhost unless told) and client certificates. `remove()` deletes it all.
 */
export class TestPki {
  readonly dir: string;
  readonly ca: Issued;
  private serial = 0;

  constructor(readonly name = 'instrumentor test CA') {
    this.dir = mkdtempSync(join(tmpdir(), 'instrumentor-pki-'));
    const key = join(this.dir, 'ca.key');
    const cert = join(this.dir, 'ca.crt');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
      '-days', '2', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    this.ca = { cert, key, pem: readFileSync(cert, 'utf8') };
  }

  /** server issues a certificate for a TLS server, with these subject alternative names. */
  server(name = 'server', sans = 'IP:127.0.0.1,DNS:localhost'): Issued {
    return this.issue(name, sans, 'serverAuth');
  }

  /** client issues a certificate for a TLS client, with these subject alternative names. */
  client(name = 'client', sans = `DNS:${name}.example`): Issued {
    return this.issue(name, sans, 'clientAuth');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private issue(name: string, sans: string, usage: string): Issued {
    const base = join(this.dir, `${name}-${++this.serial}`);
    const ext = `${base}.ext`;
    writeFileSync(ext, `subjectAltName=${sans}\nextendedKeyUsage=${usage}\nbasicConstraints=CA:FALSE\n`);
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${name}`]);
    openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', this.ca.cert, '-CAkey', this.ca.key, '-CAcreateserial', '-days', '2',
      '-extfile', ext, '-out', `${base}.crt`]);
    return { cert: `${base}.crt`, key: `${base}.key`, pem: readFileSync(`${base}.crt`, 'utf8') };
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
