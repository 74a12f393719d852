// @ts-nocheck
import type { SkippedField } from '../exposition/decode/samples';
import type { SkipReason } from '../exposition/decode/skipReasons';
import type { Logger } from './logger';

/** The fields named as examples in one log line. */
const EXAMPLES = 3;
/** The longest example field logged, in characters; a longer one is cut, and says so. */
const EXAMPLE_CHARS = 200;

/**
 * SkippedFieldsLog turns the fields a read skipped into a bounded report:
 * per namespace and reason, the number skipped and a few example fields,
 * logged at most once per `intervalMs` (a minute by default) whatever the
 * number of fields and scrapes. A reason seen again after its interval is
 * logged again, with the count of that read.
 *
 * @example
 * const log = new SkippedFieldsLog(logger);
 * log.report('shop', decoded.skipped);
 */
export class SkippedFieldsLog {
  /** When each namespace and reason was last logged (`namespace` + line feed + reason). */
  private readonly last = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  /** report logs the fields one read of `namespace` skipped, summarised by reason, as the intervals allow. */
  report(namespace: string, skipped: readonly SkippedField[]): void {
    if (skipped.length === 0) return;
    const now = Date.now();
    for (const [reason, { count, examples }] of summarise(skipped)) {
      const key = namespace + '\n' + reason;
      const at = this.last.get(key);
      if (at !== undefined && now - at < this.intervalMs) continue;
      this.last.set(key, now);
      this.logger.warn('skipped fields that do not follow the format', {
        namespace,
        reason,
        count,
        examples: examples.map((f) => JSON.stringify(f)).join(' '),
      });
    }
  }
}

/** summarise counts skipped fields by reason, keeping the first few fields of each as examples (cut to EXAMPLE_CHARS). */
export function summarise(skipped: readonly SkippedField[]): Map<SkipReason, { count: number; examples: string[] }> {
  const out = new Map<SkipReason, { count: number; examples: string[] }>();
  for (const s of skipped) {
    let r = out.get(s.reason);
    if (r === undefined) out.set(s.reason, (r = { count: 0, examples: [] }));
    r.count++;
    if (r.examples.length < EXAMPLES) r.examples.push(s.field.length > EXAMPLE_CHARS ? s.field.slice(0, EXAMPLE_CHARS) + '…' : s.field);
  }
  return out;
}
