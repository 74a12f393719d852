import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { needPython } from './binaries';

/**
 * The reference parsers of prometheus_client, in one long-lived Python
 * process that checks many outputs: each request is one JSON line (the
 * format and the text), each answer one JSON line.
 */
const SCRIPT = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
from prometheus_client.parser import text_string_to_metric_families as text
for line in sys.stdin:
    request = json.loads(line)
    parse = openmetrics if request["format"] == "openmetrics" else text
    try:
        families = list(parse(request["text"]))
        answer = {"ok": True, "families": len(families), "samples": sum(len(f.samples) for f in families)}
    except Exception as e:
        answer = {"ok": False, "error": type(e).__name__ + ": " + str(e)[:2000]}
    sys.stdout.write(json.dumps(answer) + "\\n")
    sys.stdout.flush()
`;

/** What the reference parser said of a text. */
export type ParseResult = { ok: true; families: number; samples: number } | { ok: false; error: string };

/** The interpreter found, once per run. */
let python: string | undefined;

/** The parser process and the answers it owes, in order. */
let parser: { child: ChildProcess; waiting: Array<(r: ParseResult) => void> } | undefined;

function start(path: string): NonNullable<typeof parser> {
  const child = spawn(path, ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: Array<(r: ParseResult) => void> = [];
  const fail = (error: string) => {
    parser = undefined;
    for (const w of waiting.splice(0)) w({ ok: false, error });
  };
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.(JSON.parse(line) as ParseResult));
  child.on('exit', (code) => fail(`the parser process exited (${String(code)})`));
  child.on('error', (err) => fail(err.message));
  // the process lives as long as the run, and never keeps it alive
  child.unref();
  (child.stdin as unknown as { unref?(): void }).unref?.();
  (child.stdout as unknown as { unref?(): void }).unref?.();
  return (parser = { child, waiting });
}

/**
 * parseExposition parses `text` with prometheus_client's reference parser of
 * `format` (`prometheus_client.openmetrics.parser` for OpenMetrics,
 * `prometheus_client.parser` for the text format), in one Python process
 * shared by the whole run. Without a Python that imports prometheus_client
 * the current test is skipped with the reason and the Debian package to
 * install (needPython; under CI=true it fails):
 * call it after the test's other assertions, so that those run everywhere.
 */
export async function parseExposition(ctx: Mocha.Context, text: string, format: 'openmetrics' | 'text' = 'openmetrics'): Promise<ParseResult> {
  python ??= needPython(ctx, 'prometheus_client.openmetrics.parser');
  const p = parser ?? start(python);
  return new Promise<ParseResult>((resolve) => {
    p.waiting.push(resolve);
    p.child.stdin!.write(JSON.stringify({ format, text }) + '\n');
  });
}

/** expectParses fails the test, with the parser's message, unless the reference parser of `format` accepts `text`. */
export async function expectParses(ctx: Mocha.Context, text: string, format: 'openmetrics' | 'text' = 'openmetrics'): Promise<void> {
  const r = await parseExposition(ctx, text, format);
  if (!r.ok) throw new Error(`the reference ${format} parser rejects the output: ${r.error}\n${text.length > 4000 ? text.slice(0, 4000) + '…' : text}`);
}
