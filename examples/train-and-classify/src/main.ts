/**
 * Train and classify, step by step: the whole pipeline on the public APIs of the packages, top to bottom
 * (plan → recordings → windows → features → train → evaluate → classify → upload). Each step calls the same library
 * functions as `tscls demo` (`pnpm demo`) with the same defaults and seed, so it reaches the same figures; the demo
 * adds the HTML report and progress bars.
 *
 *   pnpm --filter @tsc/example-train-and-classify start                      # the demo's size, 3–5 min
 *   pnpm --filter @tsc/example-train-and-classify start -- --quick [DIR]     # a small run, about a minute
 */
import { join, resolve } from 'node:path';
import {
  buildLabelledDataset,
  classifyRecording,
  compareDetectors,
  initializeBackend,
  type LabelledRecording,
  prepareRecording,
  recordingWindows,
  sensorFeatureSettings,
  splitForValidation,
  stratifiedSplit,
  trainDistortionModel,
  truthAgreement,
} from '@tsc/ast-model';
import {
  packModelArchive,
  readLabelledRecordings,
  readPhoneLogRecordings,
  saveModelDirectory,
  workerThreadGradients,
} from '@tsc/ast-model/node';
import { calibratedRecording, DISTORTION_LABEL_KEY, DISTORTION_LEVELS, distortionLevelOf } from '@tsc/mcap-utils';
import { openProjectStore } from '@tsc/nstrumenta';
import { sensorSpectrogram } from '@tsc/spectrogram';
import { createMixedLevelsPlan, generateRecording } from '@tsc/synthetic';
import { generateDataset } from '@tsc/synthetic/node';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const quick = args.includes('--quick');
// pnpm runs scripts in the package folder; INIT_CWD is where the command was typed
const outputDir = resolve(
  process.env.INIT_CWD ?? process.cwd(),
  args.find((arg) => !arg.startsWith('--')) ?? '.tsc-example',
);
const seed = 1;
const size = quick ? { recordings: 9, durationSec: 20, maxSteps: 3 } : { recordings: 120, durationSec: 60 };

// 1. Plan and recordings (@tsc/synthetic): a worldwide dataset, each recording planned from its own seed (a place
//    and date, sensor parts, 50–400 Hz, motions, clean stretches and disturbances), written as MCAP + labels.
const manifest = await generateDataset({
  outputDir: join(outputDir, 'dataset'),
  replace: true,
  count: size.recordings,
  durationSec: size.durationSec,
  seed,
});
console.log(`1. ${manifest.recordings.length} recordings, labelled seconds per level:`, manifest.levelSeconds);

// 2. Whole recordings held out for the test, stratified by level: no test window is ever seen in training.
const levels = manifest.recordings.map((entry) => DISTORTION_LEVELS.indexOf(entry.level));
const split = stratifiedSplit(levels, { seed, validationFraction: 0, testFraction: 0.2 });
const pick = (indices: Int32Array) => Array.from(indices, (index) => manifest.recordings[index]!);
console.log(`2. ${split.train.length} recordings to train on, ${split.test.length} held out`);

// 3. Windows and one spectrogram, for one recording to see them (step 4 does it for every recording): calibrated and
//    resampled to 100 Hz once, cut into 2 s windows every 1 s (@tsc/mcap-utils), each turned into a spectrogram of the
//    field norm, dip and gyro consistency, measured against the recording's own field (@tsc/spectrogram).
const settings = sensorFeatureSettings({ sampleRateHz: 100 });
for await (const { name, recording } of readLabelledRecordings(pick(split.train).slice(0, 1), { settings })) {
  const prepared = prepareRecording(recording, settings);
  const [first, ...rest] = recordingWindows(prepared, settings);
  const sensors = {
    mag: first!.values.get('mag_raw'),
    acc: first!.values.get('acc_raw'),
    gyro: first!.values.get('gyro_raw'),
  };
  const image = sensorSpectrogram({ sampleRateHz: first!.sampleRateHz, ...sensors }, prepared.spectrogram);
  console.log(`3. ${name}: ${rest.length + 1} windows; a spectrogram is ${image.shape.join(' frames × ')} bins`);
}

// 4. Features: the label-pure windows of every training recording (read one at a time, only the topics needed) as
//    spectrograms, one dataset with each window's recording and span; then whole recordings held apart for
//    validation.
const pool = await buildLabelledDataset(readLabelledRecordings(pick(split.train), { settings }), settings);
const { train, validation } = splitForValidation(pool, { seed, validationFraction: 0.15 });
console.log(`4. ${train.dataset.shape[0]} training and ${validation.dataset.shape[0]} validation windows`);

// 5. Train (@tsc/ast-model): three models of the `sensor` preset from consecutive seeds, averaged into one classifier
//    (one run's figure depends on its seed; their mean is steadier); each with AdamW and a cosine schedule, balanced
//    class weights, mixup and early stopping on the validation macro-F1; data-parallel on worker threads when a step
//    is large enough to gain from it (not this preset's: gradientThreadsReason says why), or the native backend when
//    it loads.
const { backend } = await initializeBackend();
const { classifier, members, durationSec } = await trainDistortionModel({
  train: train.dataset,
  validation: validation.dataset,
  settings,
  options: { seed, dataParallel: workerThreadGradients(), ...(quick ? { maxSteps: size.maxSteps } : {}) },
});
const { history } = members[0]!;
console.log(
  `5. trained ${members.length} models (${members.map((member) => member.history.steps.length).join(', ')} steps) ` +
    `in ${durationSec.toFixed(0)} s on ${backend}, ${history.gradientThreads} gradient thread(s) ` +
    `(${history.gradientThreadsReason}); the classifier averages them`,
);

// 6. Evaluate: the model beside the three physics rules, on the same windows of the held-out recordings and of real
//    recordings with measured truth (the BROAD dev trials, phone logs converted with @tsc/mcap-utils).
const heldOut: LabelledRecording[] = [];
for await (const recording of readLabelledRecordings(pick(split.test))) heldOut.push(recording);
const realDir = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'broad-dev');
const comparison = [
  ...compareDetectors(classifier, heldOut, 'synthetic held-out'),
  ...compareDetectors(classifier, await readPhoneLogRecordings(realDir), 'real recordings'),
];
console.log('6. the model beside the physics rules (disturbed vs none):');
for (const { dataset, detector, metrics } of comparison) {
  const { balancedAccuracy, rocAuc } = metrics.binary;
  console.log(
    `   ${dataset.padEnd(18)} ${detector.padEnd(17)} macro-F1 ${metrics.macroF1.toFixed(3)}  balanced accuracy ${balancedAccuracy.toFixed(3)}  ROC-AUC ${rocAuc?.toFixed(3) ?? '—'}`,
  );
}

// 7. Classify a fresh recording with every level in it, window by window, against its truth.
const fresh = generateRecording(createMixedLevelsPlan({ sampleRateHz: 100, seed: seed + 1_000_003 }), {
  name: 'fresh',
});
const classified = classifyRecording(calibratedRecording(fresh.recording), classifier, { labels: fresh.labels.events });
const events = classified.events.map((event) => distortionLevelOf(event.metadata[DISTORTION_LABEL_KEY]));
console.log(`7. fresh recording: ${(100 * truthAgreement(classified)).toFixed(1)} % of its windows right`);
console.log(`   predicted events: ${events.join(' → ')}`);

// 8. Save the model, pack it as the reference's archive and, with NSTRUMENTA_API_KEY set, upload it (@tsc/nstrumenta).
const archive = join(outputDir, 'MAG_DIST_EXAMPLE.model.tar.gz');
await saveModelDirectory(join(outputDir, 'model'), classifier, { modelId: 'MAG_DIST_EXAMPLE', history });
await packModelArchive(join(outputDir, 'model'), archive);
classifier.dispose();
const apiKey = process.env.NSTRUMENTA_API_KEY;
if (apiKey === undefined || apiKey === '') {
  console.log(`8. model saved to ${archive} (set NSTRUMENTA_API_KEY to upload it)`);
} else {
  const store = openProjectStore({ apiKey });
  await store.upload(archive, `tsc-example/seed-${seed}/MAG_DIST_EXAMPLE.model.tar.gz`, { overwrite: true });
  console.log(`8. model saved to ${archive} and uploaded to Nstrumenta`);
}
