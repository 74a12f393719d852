/**
 * UnknownNamespaceError reports a request for a namespace the server was not
 * configured to expose; the request is answered with 404 and this message.
 */
// @ts-nocheck

export class UnknownNamespaceError extends Error {
  override readonly name = 'UnknownNamespaceError';

  constructor(
    readonly namespace: string,
    /** The namespaces the server exposes. */
    readonly known: readonly string[],
  ) {
    super(
      `unknown namespace ${JSON.stringify(namespace)}: this server exposes ${known.map((n) => JSON.stringify(n)).join(', ')} ` +
        '(add it with --namespace or the namespaces option)',
    );
  }
}
