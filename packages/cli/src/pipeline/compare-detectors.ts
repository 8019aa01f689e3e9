import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AstClassifier,
  BASELINE_NAMES,
  type ClassificationMetrics,
  classifyRecording,
  classifyRecordingWithBaseline,
  type DetectorScores,
  type LabelledRecording,
  scoreDetector,
} from '@tsc/ast-model';
import { convertPhoneLog, readLabelsFile, readRecordingFile } from '@tsc/mcap-utils/node';
import { CliCommandError } from '../errors.js';
import type { LabelledRecordingFiles } from '../features/labelled-recordings.js';

/** The scores of one detector (the model or a physics baseline) on one set of recordings. */
export interface DetectorComparisonRow {
  /** `model`, `norm-dip` or `field-consistency`. */
  readonly detector: string;
  /** What it was measured on, e.g. `synthetic held-out` or `real (broad-dev)`. */
  readonly dataset: string;
  /** Overall figures. */
  readonly metrics: ClassificationMetrics;
  /** Per recording. */
  readonly perRecording: DetectorScores['perRecording'];
}

/**
 * Scores the model and every physics baseline on the same labelled recordings and windows: the model's own window
 * and hop, the baselines' defaults otherwise.
 */
export function compareDetectors(
  classifier: AstClassifier,
  recordings: readonly LabelledRecording[],
  dataset: string,
): DetectorComparisonRow[] {
  const model = scoreDetector(
    recordings,
    (recording, labels) => classifyRecording(recording, classifier, { labels }),
    classifier.labelNames,
  );
  const rows: DetectorComparisonRow[] = [{ detector: 'model', dataset, ...model }];
  for (const baseline of BASELINE_NAMES) {
    const scores = scoreDetector(
      recordings,
      (recording, labels) => classifyRecordingWithBaseline(recording, baseline, { labels }),
      classifier.labelNames,
    );
    rows.push({ detector: baseline, dataset, ...scores });
  }
  return rows;
}

/** Reads recordings and their truth from files. */
export async function readLabelledRecordings(files: readonly LabelledRecordingFiles[]): Promise<LabelledRecording[]> {
  return Promise.all(
    files.map(async ({ name, mcapPath, labelsPath }) => {
      const [recording, labels] = await Promise.all([readRecordingFile(mcapPath), readLabelsFile(labelsPath)]);
      return { name, recording, labels: labels.events };
    }),
  );
}

/**
 * Real recordings with measured truth: every phone sensor log `<name>.json` or `<name>.json.gz` of a folder that has
 * `<name>.labels.json` beside it, converted with `convertPhoneLog` of `@tsc/mcap-utils` (the MCAP and its
 * start-to-stop labels go to `outputDir`, away from the truth).
 *
 * @throws {@link CliCommandError} when the folder holds no such pair.
 */
export async function convertRealRecordings(dir: string, outputDir: string): Promise<LabelledRecording[]> {
  const files = new Set(await readdir(dir));
  const names = [...files]
    .filter((file) => file.endsWith('.labels.json'))
    .map((file) => file.slice(0, -'.labels.json'.length))
    .filter((name) => files.has(`${name}.json`) || files.has(`${name}.json.gz`))
    .sort();
  if (names.length === 0) {
    throw new CliCommandError(`${dir}: expected phone logs <name>.json(.gz) with <name>.labels.json, found none`);
  }
  const recordings: LabelledRecording[] = [];
  for (const name of names) {
    const log = join(dir, files.has(`${name}.json.gz`) ? `${name}.json.gz` : `${name}.json`);
    const { conversion } = await convertPhoneLog(log, { outputDir });
    const truth = await readLabelsFile(join(dir, `${name}.labels.json`));
    recordings.push({ name, recording: conversion.recording, labels: truth.events });
  }
  return recordings;
}
