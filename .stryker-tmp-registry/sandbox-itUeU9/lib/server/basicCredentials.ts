/** Credentials read from an HTTP basic Authorization header. */
// @ts-nocheck

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** Canonical base64: groups of four characters of the standard alphabet, `=` padding only at the end. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * parseBasicCredentials reads an `Authorization: Basic …` header strictly:
 * the scheme (any case), one space, then canonical base64 of `user:password`
 * with nothing around it. Returns undefined for any other header, including
 * base64 with junk before, inside or after it, missing padding, or bits that
 * a decoder would silently drop, so that one set of credentials has exactly
 * one spelling.
 */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined || header.length < 6 || header.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const encoded = header.slice(6);
  if (encoded === '' || !BASE64.test(encoded)) return undefined;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.toString('base64') !== encoded) return undefined; // non-zero padding bits
  let decoded: string;
  try {
    decoded = UTF8.decode(bytes);
  } catch {
    return undefined; // not UTF-8: two such headers could decode to the same text
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
