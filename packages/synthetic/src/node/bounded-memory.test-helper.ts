// Child process of the bounded-memory test (generate-to-files.test.ts): generates one long recording to a file and
// prints, as JSON, its sample count, the resident set size before generating and the peak after (bytes).
import { join } from 'node:path';
import { createDatasetPlan } from '../dataset/dataset-plan.js';
import { generateToFiles } from './generate-to-files.js';

const [folder = '.', durationText = '1800'] = process.argv.slice(2);
const plan = (durationSec: number) =>
  createDatasetPlan({ level: 'high', kind: 'dipole', motion: 'tumble', durationSec, sampleRateHz: 100, seed: 4 });
// warm-up: every module loaded and compiled before the baseline is taken
await generateToFiles(plan(20), { outputPath: join(folder, 'warm.mcap'), labelsPath: join(folder, 'warm.json') });
globalThis.gc?.();
const rssBeforeBytes = process.memoryUsage().rss;
const { generated } = await generateToFiles(plan(Number(durationText)), {
  outputPath: join(folder, 'long.mcap'),
  labelsPath: join(folder, 'long.labels.json'),
});
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ sampleCount: generated.sampleCount, rssBeforeBytes, peakRssBytes }));
