// @ts-nocheck
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * FLUSH_SCRIPT is the Lua script that applies one batch of writes to a
 * namespace, in order and at most once per writer: the text of
 * `flush.lua`, which sits next to this module (in `lib/store/` and, once
 * built, in `dist/store/`) and is read once, when the module loads. Writers
 * in other languages load the same file; `docs/format.md` ("The flush
 * script") describes its keys, arguments, replies and errors.
 *
 * KEYS: the namespace hash, the writers hash, the writers' last-seen sorted set.
 * ARGV: writer id, batch sequence number, writer retention in seconds, the
 * highest sequence number the writer knows was applied (or an empty string),
 * then the writes, one `{op}{field}\n{value}\n` record each (see codec/ops).
 *
 * Replies: `{1, failedField…}` applied, `{0}` applied before. Errors:
 * `WRONGTYPE …` when a key holds another type, `SEQGAP …` when the batch
 * does not follow the last one applied.
 *
 * Loading throws when `flush.lua` is missing, which means a broken install.
 */
export const FLUSH_SCRIPT: string = readFileSync(path.join(__dirname, 'flush.lua'), 'utf8');
