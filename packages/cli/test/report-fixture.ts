import type { ReportData } from '../src/report/report-data.js';

const timeSec = Array.from({ length: 120 }, (_, i) => i * 0.25);

/** A small report with every section but spectrograms (those come from the pipeline test). */
export const handmadeReport: ReportData = {
  title: 'Report <test> & "quotes"',
  generatedAt: '2026-01-01T00:00:00.000Z',
  classNames: ['none', 'low', 'high'],
  summary: [{ name: 'windows', value: '120' }],
  traces: [
    {
      title: 'Magnetometer',
      unit: 'µT',
      timeSec,
      x: timeSec.map((t) => 20 * Math.sin(t)),
      y: timeSec.map((t) => 20 * Math.cos(t)),
      z: timeSec.map(() => -40),
      segments: [
        { startSec: 0, endSec: 10, className: 'none' },
        { startSec: 10, endSec: 20, className: 'low' },
        { startSec: 20, endSec: 30, className: 'high' },
      ],
    },
  ],
  spectrograms: [],
  training: {
    points: [
      { step: 1, split: 'train', loss: 1.1, accuracy: 0.3 },
      { step: 20, split: 'train', loss: 0.4, accuracy: 0.85 },
      { step: 20, split: 'validation', loss: 0.5, accuracy: 0.8 },
    ],
  },
  evaluation: {
    accuracy: 0.9,
    macroF1: 0.89,
    confusionMatrix: [
      [10, 1, 0],
      [0, 9, 2],
      [0, 0, 12],
    ],
    perClass: [
      { className: 'none', precision: 1, recall: 0.909, f1: 0.952, support: 11 },
      { className: 'low', precision: 0.9, recall: 0.818, f1: 0.857, support: 11 },
      { className: 'high', precision: 0.857, recall: 1, f1: 0.923, support: 12 },
    ],
  },
  timeline: {
    recording: 'fresh',
    truth: [
      { startSec: 0, endSec: 15, className: 'none' },
      { startSec: 15, endSec: 30, className: 'high' },
    ],
    predictions: [
      { startSec: 0, endSec: 2, className: 'none', confidence: 0.95 },
      { startSec: 16, endSec: 18, className: 'high', confidence: 0.7 },
    ],
  },
  outputs: [{ name: 'model', value: '/tmp/model' }],
};
