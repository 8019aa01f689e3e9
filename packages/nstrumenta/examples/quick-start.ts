// Runs offline: a stand-in server on loopback plays the Nstrumenta platform.
// Run with: pnpm --filter @tsc/nstrumenta example
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, fetchIfMissing, NstrumentaClient, uploadWithPrefix } from '@tsc/nstrumenta';
import { startStandInServer } from '@tsc/nstrumenta/testing';

const dir = await mkdtemp(join(tmpdir(), 'nst-example-'));
const server = await startStandInServer({ root: join(dir, 'server'), listingDelayMs: 50 });
try {
  await server.seed('Sensor_Log_X.mcap', 'pretend this is an MCAP file');
  server.faults.failNext(1, 503, { target: 'download' }); // the client retries it

  const client = new NstrumentaClient({ apiKey: server.apiKey }); // normally from NSTRUMENTA_API_KEY
  console.log('project:', (await client.getProject()).id);

  const { localPath, downloaded } = await fetchIfMissing(client, 'Sensor_Log_X.mcap', {
    localPath: join(dir, 'Sensor_Log_X.mcap'),
  });
  console.log('downloaded:', downloaded, JSON.stringify(await readFile(localPath, 'utf8')));

  const result = join(dir, 'Sensor_Log_X.classification.mcap');
  await writeFile(result, 'classes');
  const { remotePath } = await uploadWithPrefix(client, result, 'Sensor_Log_X'); // overwrite: true
  try {
    await client.upload(result, remotePath); // overwrite: false
  } catch (error) {
    if (error instanceof ConflictError) console.log('conflict:', error.message);
  }
  const listed = await client.waitForListed(remotePath, { timeoutMs: 5_000, pollIntervalMs: 20 });
  console.log('listed:', listed.data.filePath, `${listed.data.size} bytes`);
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
