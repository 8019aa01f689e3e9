/**
 * Draws docs/sensor-spectrogram.png for the README: the default sensor spectrogram of three synthetic 3 s
 * windows at 100 Hz (the same motion and noise) with no, low (22 %) and high (80 %) magnetic disturbance,
 * stacked top to bottom with a blank band between them. Run: `pnpm figure`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticWindow } from '../src/__fixtures__/synthetic-window.js';
import { sensorSpectrogram } from '../src/index.js';
import { writeSpectrogramPng } from '../src/node/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const levels = [0, 0.22, 0.8];
const images = levels.map((fraction) =>
  // a north-horizontal disturbance: raises the field norm and lowers the dip
  sensorSpectrogram(syntheticWindow({ disturbanceMicroTesla: [0, 50 * fraction, 0], seed: 2024 })),
);
const [frames, width] = images[0]!.shape;
const gap = 3;
const rows = levels.length * frames + (levels.length - 1) * gap;
const data = new Float32Array(rows * width).fill(Number.NaN);
for (const [i, image] of images.entries()) data.set(image.data, i * (frames + gap) * width);
const path = join(here, '..', 'docs', 'sensor-spectrogram.png');
const bytes = await writeSpectrogramPng(
  path,
  { data, shape: [rows, width] },
  { colormap: 'viridis', min: -1, max: 1, scale: 3, orientation: 'rows' },
);
console.log(`wrote ${path} (${bytes} bytes): ${levels.length} windows of [${frames}, ${width}]`);
for (const [i, image] of images.entries()) {
  const b = image.binsPerChannel;
  const dc = (channel: string) => {
    const c = image.channels.indexOf(channel);
    let sum = 0;
    for (let t = 0; t < frames; t++) sum += image.data[t * width + c * b]!;
    return (sum / frames).toFixed(2);
  };
  console.log(`disturbance ${levels[i]! * 100}%: mag.norm DC ${dc('mag.norm')}, mag.dip DC ${dc('mag.dip')}`);
}
