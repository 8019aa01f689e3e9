#!/usr/bin/env node
import { runCli } from './run-cli.js';

const args = process.argv.slice(2);
// `pnpm tscls -- <args>` passes the separator through; it is not an argument of ours
if (args[0] === '--') args.shift();
process.exitCode = await runCli(args);
