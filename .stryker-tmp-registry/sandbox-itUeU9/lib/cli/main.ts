#!/usr/bin/env node
// @ts-nocheck
import { processIO } from './io';
import { runCli } from './program';

// The `instrumentor` command: see `instrumentor --help`.
void runCli(process.argv.slice(2), processIO()).then((status) => {
  process.exitCode = status;
  // connections and timers are closed by the commands; stdin may hold the process for a confirmation
  process.stdin.unref?.();
});
