/**
 * The whole pipeline in one run (what `pnpm demo` does):
 *
 *   1. generate a labelled dataset of IMU recordings with none / low / high magnetic distortion (@tsc/synthetic),
 *   2. cut windows and compute sensor spectrograms (@tsc/mcap-utils, @tsc/spectrogram),
 *   3. train an Audio Spectrogram Transformer, validate, and test on recordings it never saw (@tsc/ast-model),
 *   4. score the model beside the physics baselines on the held-out recordings and on real recordings with measured
 *      truth (the BROAD dev trials in fixtures/broad-dev),
 *   5. classify a fresh recording and merge the windows into label events,
 *   6. write an HTML report, and upload the results to the project store (@tsc/nstrumenta): Nstrumenta when
 *      NSTRUMENTA_API_KEY is set, else a local store in .tsc-demo/store.
 *
 * The steps are composed in `runPipeline` (packages/cli/src/pipeline/run-pipeline.ts), which `tscls demo` runs too.
 *
 *   pnpm demo                         # from the repository root
 *   pnpm --filter @tsc/example-train-and-classify start -- [OUTPUT_DIR]
 */
import { join, resolve } from 'node:path';
import { formatPipelineSummary, type PipelineStage, runPipeline } from '@tsc/cli';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
// pnpm runs scripts in the package folder; INIT_CWD is where `pnpm demo` was typed (the repository root)
const cwd = process.env.INIT_CWD ?? process.cwd();
const outputDir = resolve(cwd, args[0] ?? '.tsc-demo');
const realDataDir = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'broad-dev');

let currentStage: PipelineStage | undefined;
let lastTenth = -1;
const result = await runPipeline({
  outputDir,
  seed: 1,
  realDataDir,
  onProgress: ({ stage, done, total, status }) => {
    const tenth = Math.floor((10 * done) / Math.max(total, 1));
    if (stage === currentStage && tenth === lastTenth) return;
    if (stage !== currentStage) process.stderr.write(`\n${stage}`);
    currentStage = stage;
    lastTenth = tenth;
    process.stderr.write(` ${done}/${total}${status === undefined || stage === 'generate' ? '' : ` (${status})`}`);
  },
});
process.stderr.write('\n\n');
console.log(formatPipelineSummary(result, cwd));
