import {
  DEFAULT_SENSOR_FEATURE_SETTINGS,
  evaluateClassifier,
  initializeBackend,
  type SensorFeatureSettings,
} from '@tsc/ast-model';
import { loadModelDirectory } from '@tsc/ast-model/node';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { buildWindowDataset } from '../features/build-dataset.js';
import { displayClassNames } from '../features/class-names.js';
import { formatMetrics } from '../features/format-metrics.js';
import { findLabelledRecordings } from '../features/labelled-recordings.js';
import { startProgress } from '../progress.js';
import { writeFileAtomic } from '../report/write-report.js';

/** `tscls evaluate --model MODEL_DIR --data DIR [--output metrics.json]`. */
export function registerEvaluateCommand(program: Command, { io }: CommandContext): void {
  program
    .command('evaluate')
    .description(
      'evaluate a model on a folder of labelled recordings: accuracy, per-class P/R/F1, macro-F1, ROC-AUC, confusion',
    )
    .requiredOption('--model <dir>', 'the model folder (tscls train)')
    .requiredOption('--data <dir>', 'folder of <name>.mcap recordings with <name>.labels.json')
    .option('-o, --output <file>', 'also write the metrics as JSON')
    .addHelpText('after', '\nExample:\n  tscls evaluate --model model/ --data held-out/ --output metrics.json')
    .action(async (options: { model: string; data: string; output?: string }) => {
      await initializeBackend();
      const classifier = await loadModelDirectory(options.model);
      try {
        // the windows and spectrograms the model was trained on (as classifyRecording reads them)
        const settings: SensorFeatureSettings = {
          ...DEFAULT_SENSOR_FEATURE_SETTINGS,
          ...(classifier.featureSettings as Partial<SensorFeatureSettings>),
        };
        const recordings = await findLabelledRecordings(options.data);
        const reading = startProgress(io, 'spectrogram', recordings.length);
        const { dataset } = await buildWindowDataset(recordings, settings, {
          labelNames: classifier.labelNames,
          onProgress: (done) => reading.update(done),
        }).finally(() => reading.stop());
        const metrics = evaluateClassifier(classifier, dataset);
        io.stdout(
          `${recordings.length} recordings, ${formatMetrics(metrics, displayClassNames(classifier.labelNames))}`,
        );
        if (options.output !== undefined) {
          await writeFileAtomic(options.output, `${JSON.stringify(metrics, null, 2)}\n`);
          io.stdout(`metrics written to ${options.output}\n`);
        }
      } finally {
        classifier.dispose();
      }
    });
}
