/**
 * Generates a synthetic IMU recording from a motion plan, reads it back and prints what is in it: topics, sample
 * counts and rates, and per label event the magnetic field the magnetometer measured, which shows the distortion.
 *
 *   pnpm --filter @tsc/example-generate-and-inspect start [PLAN.json] [OUTPUT_DIR]
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibratedSensor, labelEventTimesNs } from '@tsc/mcap-utils';
import { readLabelsFile, readRecordingFile } from '@tsc/mcap-utils/node';
import { generateToFiles, readPlanFile } from '@tsc/synthetic/node';

const here = dirname(fileURLToPath(import.meta.url));
const planPath = resolve(process.argv[2] ?? join(here, '..', 'plan.json'));
const outputDir = resolve(process.argv[3] ?? join(here, '..', 'output'));

// 1. Generate: the plan's motion and distortion become samples of 7 topics, plus labels and an experiment file.
const plan = await readPlanFile(planPath);
await mkdir(outputDir, { recursive: true });
const files = await generateToFiles(plan, {
  outputPath: join(outputDir, 'run.mcap'),
  labelsPath: join(outputDir, 'run.labels.json'),
  experimentPath: join(outputDir, 'run.experiment.json'),
});
console.log(`generated ${files.outputPath} (seed ${files.generated.seed})`);

// 2. Read it back, as any other MCAP recording.
const recording = await readRecordingFile(files.outputPath);
const labels = await readLabelsFile(files.labelsPath!);

console.log('\ntopic        samples   rate (Hz)  width');
for (const series of recording.topics.values()) {
  const count = series.timestampsNs.length;
  const durationSec = Number(series.timestampsNs[count - 1]! - series.timestampsNs[0]!) / 1e9;
  const rateHz = (count - 1) / durationSec;
  console.log(
    `${series.topic.padEnd(12)} ${String(count).padStart(7)}  ${rateHz.toFixed(1).padStart(10)}  ${series.width}`,
  );
}

// 3. What the magnetometer saw per label event: the field norm and its spread (µT, from the calibrated mag_raw).
const mag = calibratedSensor(recording, 'mag');
console.log('\nlabel event              mag_distortion   |B| mean (µT)   |B| min … max (µT)');
for (const [index, event] of labels.events.entries()) {
  const { startNs, endNs } = labelEventTimesNs(event);
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < mag.timestampsNs.length; i++) {
    const t = mag.timestampsNs[i]!;
    if (t < startNs || t >= endNs) continue;
    const norm = Math.hypot(mag.values[3 * i]!, mag.values[3 * i + 1]!, mag.values[3 * i + 2]!);
    sum += norm;
    count++;
    min = Math.min(min, norm);
    max = Math.max(max, norm);
  }
  const span = `${(Number(startNs) / 1e9).toFixed(1)}–${(Number(endNs) / 1e9).toFixed(1)} s`;
  const level = String(event.metadata.mag_distortion);
  console.log(
    `#${index} ${span.padEnd(20)} ${level.padStart(14)}   ${(sum / count).toFixed(2).padStart(13)}   ${min.toFixed(1)} … ${max.toFixed(1)}`,
  );
}
console.log(`\nfiles: ${files.outputPath}, ${files.labelsPath}, ${files.experimentPath}`);
