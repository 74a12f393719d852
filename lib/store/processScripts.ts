import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * HEARTBEAT_SCRIPT is the text of `heartbeat.lua`: it writes a writer's
 * deadline by the Redis clock into the processes hash and says whether the
 * writer was alive before. FORGET_SCRIPT is the text of `forget.lua`: it
 * deletes one slice of a dead (or departing) writer's per-process values.
 * Both sit next to this module, as `flush.lua` does, and are read once when
 * it loads; docs/format.md ("Processes") describes them for other languages.
 */
export const HEARTBEAT_SCRIPT: string = readFileSync(path.join(__dirname, 'heartbeat.lua'), 'utf8');

/** FORGET_SCRIPT: see HEARTBEAT_SCRIPT. */
export const FORGET_SCRIPT: string = readFileSync(path.join(__dirname, 'forget.lua'), 'utf8');

/** UNLOCK_SCRIPT deletes a lock key only while it holds the caller's token. */
export const UNLOCK_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** SHARDS_SCRIPT is the text of `shards.lua`: it reads a namespace's number of shards and sets it for its first writer (docs/format.md, "Shards"). */
export const SHARDS_SCRIPT: string = readFileSync(path.join(__dirname, 'shards.lua'), 'utf8');
