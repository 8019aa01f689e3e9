// A child process for temporary-files.test.ts: starts a streamed recording write and a model-style temporary
// folder, installs the interrupt handling, prints "ready" and keeps writing until a signal arrives.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { claimTemporaryPath, exitCleanlyOnInterrupt } from '@tsc/shared/node';
import { RecordingStreamWriter } from './recording-stream-writer.js';

const folder = process.argv[2]!;
exitCleanlyOnInterrupt({
  onInterrupt: (signal, removed) => process.stdout.write(`${signal} removed ${removed.length}\n`),
});
const writer = await RecordingStreamWriter.open(join(folder, 'x.mcap'), { compression: 'none', chunkSizeBytes: 4096 });
const { temporaryPath } = await claimTemporaryPath(join(folder, 'model'));
await mkdir(temporaryPath);
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  writer.addSample('mag_raw', BigInt(i) * 10_000_000n, [i, -i, 0.5]);
  if (i % 1000 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
