/** The inputs every recording benchmark uses, the same for both libraries. */

/** The label sets every recording benchmark cycles through. */
export const LABEL_SETS = [
  { method: 'GET', route: '/api/items', status: '200' },
  { method: 'POST', route: '/api/items', status: '201' },
  { method: 'GET', route: '/api/items/:id', status: '404' },
  { method: 'DELETE', route: '/api/items/:id', status: '500' },
] as const;
export const LABEL_NAMES = ['method', 'route', 'status'] as const;

/** Observed values: 1024 latencies in seconds, log-uniform between 1 ms and 10 s. */
export const VALUES = Array.from({ length: 1024 }, (_, i) => 10 ** (-3 + 4 * (((i * 7919) % 1024) / 1024)));
