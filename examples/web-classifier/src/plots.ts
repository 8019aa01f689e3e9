import type { ClassificationMessage, ImuRecording } from '@tsc/mcap-utils';
import { colormapTable } from '@tsc/spectrogram';

/** Class colours, by class id. */
export const CLASS_COLORS = ['#2e7d32', '#f9a825', '#c62828', '#1565c0', '#6a1b9a', '#00838f'];
const AXIS_COLORS = ['#d32f2f', '#388e3c', '#1976d2', '#222'];

/** A canvas sized to its CSS box at the device pixel ratio, with its 2-D context. */
function prepare(canvas: HTMLCanvasElement): { g: CanvasRenderingContext2D; width: number; height: number } {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = '11px sans-serif';
  return { g, width, height };
}

/** The time span of a recording's first topic (ns). */
export function recordingSpanNs(recording: ImuRecording, topic: string): [bigint, bigint] {
  const times = recording.topics.get(topic)?.timestampsNs;
  if (times === undefined || times.length === 0) return [0n, 1n];
  return [times[0]!, times[times.length - 1]!];
}

/** x, y, z and the norm of one calibrated topic against time, min–max per pixel column. */
export function drawTraces(canvas: HTMLCanvasElement, recording: ImuRecording, topic: string, unit: string): void {
  const { g, width, height } = prepare(canvas);
  const series = recording.topics.get(topic);
  if (series === undefined || series.timestampsNs.length === 0) return;
  const n = series.timestampsNs.length;
  const channels = [0, 1, 2, 3].map((c) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [x, y, z] = [series.values[i * 3]!, series.values[i * 3 + 1]!, series.values[i * 3 + 2]!];
      out[i] = c === 3 ? Math.hypot(x, y, z) : [x, y, z][c]!;
    }
    return out;
  });
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const channel of channels) for (const v of channel) [min, max] = [Math.min(min, v), Math.max(max, v)];
  const y = (v: number) => height - 14 - ((v - min) / (max - min || 1)) * (height - 28);
  channels.forEach((channel, c) => {
    g.strokeStyle = AXIS_COLORS[c]!;
    g.beginPath();
    for (let px = 0; px < width; px++) {
      const from = Math.floor((px / width) * n);
      const to = Math.max(from + 1, Math.floor(((px + 1) / width) * n));
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = from; i < to && i < n; i++) [lo, hi] = [Math.min(lo, channel[i]!), Math.max(hi, channel[i]!)];
      g.moveTo(px + 0.5, y(lo));
      g.lineTo(px + 0.5, y(hi) - 0.5);
    }
    g.stroke();
  });
  g.fillStyle = '#333';
  g.fillText(`${topic} (${unit}): x y z |·|, ${min.toFixed(1)} … ${max.toFixed(1)}`, 4, 11);
}

/** Per-window classes as coloured bars with their probabilities as lines, the selected window outlined. */
export function drawTimeline(
  canvas: HTMLCanvasElement,
  messages: readonly ClassificationMessage[],
  spanNs: [bigint, bigint],
  names: readonly string[],
  selected: number | undefined,
): void {
  const { g, width, height } = prepare(canvas);
  const [t0, t1] = spanNs;
  const x = (t: bigint) => (Number(t - t0) / Number(t1 - t0 || 1n)) * width;
  const barTop = height - 22;
  messages.forEach((m, i) => {
    const left = x(m.windowStartNs + (m.windowEndNs - m.windowStartNs) / 2n) - 3;
    g.fillStyle = CLASS_COLORS[m.predictedClassId % CLASS_COLORS.length]!;
    g.fillRect(left, barTop, 6, 16);
    if (i === selected) {
      g.strokeStyle = '#000';
      g.strokeRect(x(m.windowStartNs), 2, x(m.windowEndNs) - x(m.windowStartNs), height - 4);
    }
  });
  names.forEach((name, c) => {
    g.strokeStyle = CLASS_COLORS[c % CLASS_COLORS.length]!;
    g.beginPath();
    messages.forEach((m, i) => {
      const px = x(m.windowStartNs + (m.windowEndNs - m.windowStartNs) / 2n);
      const py = barTop - 4 - (m.probabilities[c] ?? 0) * (barTop - 16);
      if (i === 0) g.moveTo(px, py);
      else g.lineTo(px, py);
    });
    g.stroke();
    g.fillStyle = CLASS_COLORS[c % CLASS_COLORS.length]!;
    g.fillText(name, 4 + c * 60, 11);
  });
}

/** A spectrogram `[frames, bins]` as an image: time to the right, frequency up, viridis. */
export function drawSpectrogram(canvas: HTMLCanvasElement, data: Float32Array, frames: number, bins: number): void {
  const { g, width, height } = prepare(canvas);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of data) [min, max] = [Math.min(min, v), Math.max(max, v)];
  const table = colormapTable('viridis');
  const image = new ImageData(frames, bins);
  for (let f = 0; f < frames; f++) {
    for (let b = 0; b < bins; b++) {
      const level = Math.round(((data[f * bins + b]! - min) / (max - min || 1)) * 255);
      const at = ((bins - 1 - b) * frames + f) * 4;
      image.data.set([table[level * 3]!, table[level * 3 + 1]!, table[level * 3 + 2]!, 255], at);
    }
  }
  const bitmap = document.createElement('canvas');
  [bitmap.width, bitmap.height] = [frames, bins];
  bitmap.getContext('2d')!.putImageData(image, 0, 0);
  g.imageSmoothingEnabled = false;
  g.drawImage(bitmap, 0, 0, width, height);
}

/** Live probabilities: one line per class over the predictions received so far. */
export function drawLive(
  canvas: HTMLCanvasElement,
  probabilities: readonly (readonly number[])[],
  names: readonly string[],
): void {
  const { g, width, height } = prepare(canvas);
  const count = Math.max(probabilities.length, 20);
  names.forEach((name, c) => {
    g.strokeStyle = CLASS_COLORS[c % CLASS_COLORS.length]!;
    g.lineWidth = 2;
    g.beginPath();
    probabilities.forEach((row, i) => {
      const px = ((i + 0.5) / count) * width;
      const py = height - 4 - (row[c] ?? 0) * (height - 20);
      if (i === 0) g.moveTo(px, py);
      else g.lineTo(px, py);
    });
    g.stroke();
    g.fillStyle = CLASS_COLORS[c % CLASS_COLORS.length]!;
    g.fillText(name, 4 + c * 60, 11);
  });
}
