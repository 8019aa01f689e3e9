#!/usr/bin/env node
// Runs every example of examples/ once, as a user would, and fails when one fails (CI runs it; `pnpm examples`).
// The train-and-classify guide runs at its quick size and its model is then used by the examples that need one:
// classify one file, stream a recording (at 20× real speed), evaluate on the real recordings. The pretrained import
// uses the tiny checkpoint of fixtures/ (imported, then fine-tuned at a small size), generate-and-inspect its own plan. The web classifier has its own browser
// tests (`pnpm --filter web-classifier test:e2e`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'tsc-examples-'));
const tsx = (example, file, ...args) => ({
  name: `${example}/${file} ${args.join(' ')}`.trim(),
  cwd: join(root, 'examples', example),
  args: ['exec', 'tsx', '--conditions=@tsc/source', `src/${file}`, ...args],
});
const model = join(work, 'model');
const recording = join(work, 'dataset', 'recording_0000.mcap');
const runs = [
  tsx('generate-and-inspect', 'main.ts'),
  tsx('pretrained-import', 'main.ts'),
  tsx('pretrained-import', 'fine-tune.ts', '--recordings', '2', '--epochs', '2'),
  tsx('train-and-classify', 'main.ts', '--quick', work),
  tsx('train-and-classify', 'classify-file.ts', model, recording),
  tsx('live-replay', 'main.ts', model, recording, '--speed', '20'),
  tsx('evaluate-real', 'main.ts', model),
];
let failed = 0;
try {
  for (const run of runs) {
    const started = performance.now();
    process.stdout.write(`\n==> ${run.name}\n`);
    const { status } = spawnSync('pnpm', run.args, {
      cwd: run.cwd,
      stdio: 'inherit',
      env: { ...process.env, INIT_CWD: run.cwd },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (status === 0) process.stdout.write(`<== ${run.name}: ok (${seconds} s)\n`);
    else {
      failed++;
      process.stdout.write(`<== ${run.name}: FAILED with exit code ${status} (${seconds} s)\n`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(failed === 0 ? `\nevery example ran (${runs.length})` : `\n${failed} of ${runs.length} examples failed`);
process.exit(failed === 0 ? 0 : 1);
