// @ts-nocheck
import { createHash, randomBytes } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import type { Authenticator } from './Authenticator';
import { parseBasicCredentials } from './basicCredentials';

/** BasicAuthUsersOptions tune a BasicAuthUsers. */
export interface BasicAuthUsersOptions {
  /** How many successful checks are remembered. @default 100 */
  cacheSize?: number;
  /** How many bcrypt checks may wait for the one running; beyond, credentials are refused without a check. @default 32 */
  maxWaiting?: number;
}

/** A bcrypt hash as htpasswd, Go and bcryptjs write it: `$2a$`, `$2b$`, `$2x$` or `$2y$`, a two-digit cost, 53 characters of salt and hash. */
const BCRYPT_HASH = /^\$2[abxy]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/** The decoy hash of each cost, made once per process: making one costs as much as a check. */
const decoys = new Map<number, Promise<string>>();

function decoyHash(cost: number): Promise<string> {
  const made = decoys.get(cost);
  if (made !== undefined) return made;
  const hash = bcrypt.hash(randomBytes(18).toString('base64'), cost);
  decoys.set(cost, hash);
  return hash;
}

/**
 * BasicAuthUsers checks HTTP basic credentials against bcrypt hashes, as
 * the `basic_auth_users` of a Prometheus web configuration file list them.
 *
 * - A successful check is remembered (a digest of user, hash and password,
 *   never the password itself), so that a scraper pays for bcrypt once, not
 *   on every scrape. Failures are not remembered: junk credentials cannot
 *   push the scraper's entry out of the cache.
 * - A user that is not on the list is checked against a decoy hash made at
 *   the highest cost on the list, so that a refusal takes as long whether the
 *   user exists or not. (Users hashed at a lower cost than others are still
 *   answered faster: hash every user at the same cost.)
 * - Checks run one at a time; at most `maxWaiting` wait, and credentials
 *   that arrive beyond that are refused without a check, so a flood of
 *   guesses costs one core at most and cached scrapers are never delayed.
 *
 * The constructor and `setUsers` throw a TypeError naming a user whose hash
 * is not a bcrypt hash.
 *
 * @example
 * const users = new BasicAuthUsers({ prometheus: '$2y$10$…' });
 * createMetricsHandler({ redis, namespaces: ['shop'], auth: users });
 */
export class BasicAuthUsers implements Authenticator {
  readonly challenge = 'Basic realm="instrumentor", charset="UTF-8"';
  private users = new Map<string, string>();
  private decoy: Promise<string> | undefined;
  private readonly cache = new Map<string, true>();
  private readonly cacheSize: number;
  private readonly maxWaiting: number;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private checks = 0;

  constructor(users: Readonly<Record<string, string>> | ReadonlyMap<string, string>, options: BasicAuthUsersOptions = {}) {
    this.cacheSize = options.cacheSize ?? 100;
    this.maxWaiting = options.maxWaiting ?? 32;
    if (!Number.isInteger(this.cacheSize) || this.cacheSize < 0) throw new RangeError(`cacheSize must be a whole number >= 0, got ${String(options.cacheSize)}`);
    if (!Number.isInteger(this.maxWaiting) || this.maxWaiting < 0) throw new RangeError(`maxWaiting must be a whole number >= 0, got ${String(options.maxWaiting)}`);
    this.setUsers(users);
  }

  /** size is the number of users on the list. */
  get size(): number {
    return this.users.size;
  }

  /** bcryptChecks is the number of bcrypt checks made so far (cache misses). */
  get bcryptChecks(): number {
    return this.checks;
  }

  /**
   * setUsers replaces the list (a reloaded configuration file). Remembered
   * checks stay valid only for users whose hash is unchanged.
   */
  setUsers(users: Readonly<Record<string, string>> | ReadonlyMap<string, string>): void {
    const next = new Map<string, string>();
    let cost = 0;
    for (const [name, hash] of users instanceof Map ? users : Object.entries(users)) {
      const m = typeof hash === 'string' ? BCRYPT_HASH.exec(hash) : null;
      if (m === null) throw new TypeError(`the password of user ${JSON.stringify(name)} must be a bcrypt hash ($2y$10$…), got something else`);
      if (name.includes(':')) throw new TypeError(`user name ${JSON.stringify(name)} cannot hold ":" in basic authentication`);
      cost = Math.max(cost, Number(m[1]));
      next.set(name, hash);
    }
    this.users = next;
    // made now, so that the first unknown user is not answered later than a known one
    this.decoy = cost > 0 ? decoyHash(cost) : undefined;
    this.decoy?.catch(() => undefined);
  }

  check(header: string | undefined): Promise<boolean | undefined> | boolean | undefined {
    if (this.users.size === 0) return undefined;
    const given = parseBasicCredentials(header);
    if (given === undefined) return false;
    const hash = this.users.get(given.username);
    const key = createHash('sha256').update(`${given.username}\0${hash ?? ''}\0${given.password}`).digest('base64');
    if (hash !== undefined && this.cache.has(key)) {
      this.cache.delete(key); // most recently used last
      this.cache.set(key, true);
      return true;
    }
    return this.verify(given.password, hash, key);
  }

  private async verify(password: string, hash: string | undefined, key: string): Promise<boolean> {
    if (this.waiting >= this.maxWaiting) return false;
    this.waiting++;
    const against = hash ?? (await this.decoy);
    const run = this.queue.then(() => {
      this.checks++;
      return bcrypt.compare(password, against ?? '');
    });
    this.queue = run.catch(() => undefined);
    try {
      const ok = (await run) && hash !== undefined;
      if (ok && this.cacheSize > 0) {
        if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(key, true);
      }
      return ok;
    } catch {
      return false;
    } finally {
      this.waiting--;
    }
  }
}
