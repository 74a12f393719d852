// @ts-nocheck
import { readFileSync } from 'node:fs';
import { createSecureContext, DEFAULT_CIPHERS, SecureContextOptions, TLSSocket } from 'node:tls';
import { ConfigError } from '../../errors/ConfigError';
import type { TlsServerConfig } from '../webConfig';

/** What a TLS server needs from a `tls_server_config`: the context, and whether and how it asks for client certificates. */
export interface TlsServerOptions {
  readonly context: SecureContextOptions;
  readonly requestCert: boolean;
  /** True when the handshake itself refuses an unverified client certificate. */
  readonly rejectUnauthorized: boolean;
}

/**
 * loadTlsServerOptions reads the certificate, key and client CA files of a
 * `tls_server_config` and checks that they make a usable context (a key that
 * matches the certificate). Throws a ConfigError naming the file or setting.
 */
export function loadTlsServerOptions(c: TlsServerConfig, source: string): TlsServerOptions {
  const read = (path: string | undefined, inline: string | undefined, setting: string): string | undefined => {
    if (path === undefined) return inline;
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(source, setting, `cannot read ${path}: ${(err as Error).message}`);
    }
  };
  const context: SecureContextOptions = {
    cert: read(c.certFile, c.cert, 'tls_server_config.cert_file'),
    key: read(c.keyFile, c.key, 'tls_server_config.key_file'),
    ca: read(c.clientCaFile, c.clientCa, 'tls_server_config.client_ca_file'),
    minVersion: c.minVersion,
    maxVersion: c.maxVersion,
    honorCipherOrder: c.preferServerCipherSuites,
  };
  if (c.cipherSuites !== undefined) {
    // the list restricts TLS 1.2 and below, as in Go; TLS 1.3 keeps its own suites unless some are named
    const tls13 = c.cipherSuites.some((s) => s.startsWith('TLS_')) ? [] : DEFAULT_CIPHERS.split(':').filter((s) => s.startsWith('TLS_'));
    context.ciphers = [...tls13, ...c.cipherSuites].join(':');
  }
  if (c.curvePreferences !== undefined) context.ecdhCurve = c.curvePreferences.join(':');
  try {
    createSecureContext(context);
  } catch (err) {
    throw new ConfigError(source, 'tls_server_config', `the certificate, key or CA cannot be used: ${(err as Error).message}`);
  }
  const requestCert = c.clientAuthType !== 'NoClientCert';
  return { context, requestCert, rejectUnauthorized: c.clientAuthType === 'RequireAndVerifyClientCert' };
}

/**
 * refuseClient tells why a connection that finished its handshake breaks the
 * client certificate policy (a certificate required but missing, given but
 * unverified, or without an allowed subject alternative name), or returns
 * undefined when it follows it.
 */
export function refuseClient(c: TlsServerConfig, socket: TLSSocket): string | undefined {
  const peer = socket.getPeerX509Certificate();
  switch (c.clientAuthType) {
    case 'RequireAnyClientCert':
      if (peer === undefined) return 'no client certificate';
      break;
    case 'VerifyClientCertIfGiven':
    case 'RequireAndVerifyClientCert':
      if (peer !== undefined && !socket.authorized) return `client certificate not verified: ${String(socket.authorizationError)}`;
      if (peer === undefined && c.clientAuthType === 'RequireAndVerifyClientCert') return 'no client certificate';
      break;
    default:
      break;
  }
  if (c.clientAllowedSans !== undefined) {
    const names = subjectAltNames(peer?.subjectAltName);
    if (!names.some((n) => c.clientAllowedSans!.includes(n))) return `client certificate names none of the allowed SANs (${names.join(', ') || 'none'})`;
  }
  return undefined;
}

/** subjectAltNames lists the values of a certificate's subject alternative names, as Node prints them (`DNS:a, IP Address:1.2.3.4`). */
function subjectAltNames(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  return text.split(/, (?=[A-Za-z ]+:)/).map((entry) => {
    const value = entry.slice(entry.indexOf(':') + 1);
    return value.startsWith('"') ? (JSON.parse(value) as string) : value;
  });
}
