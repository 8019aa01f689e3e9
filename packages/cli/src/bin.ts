#!/usr/bin/env node
import { exitCleanlyOnInterrupt } from '@tsc/mcap-utils/node';
import { runCli } from './run-cli.js';

// Ctrl-C and SIGTERM remove the temporary files of writes in progress and exit with 130 / 143.
exitCleanlyOnInterrupt({
  onInterrupt: (signal, removed) =>
    process.stderr.write(`\ntscls: interrupted (${signal}); removed ${removed.length} temporary file(s)\n`),
});

const args = process.argv.slice(2);
// `pnpm tscls -- <args>` passes the separator through; it is not an argument of ours
if (args[0] === '--') args.shift();
process.exitCode = await runCli(args);
