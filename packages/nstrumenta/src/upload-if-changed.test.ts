import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useStandInClient } from './__fixtures__/stand-in-client.js';
import { ConflictError } from './errors.js';
import { fileSha256, uploadIfChanged } from './upload-if-changed.js';
import { uploadWithPrefix } from './upload-with-prefix.js';

const stand = useStandInClient();

describe('uploadWithPrefix and uploadIfChanged', () => {
  it('uploads to <prefix>/<basename>, overwriting by default; an empty prefix gives the data root', async () => {
    const local = join(stand.dir, 'Sensor_Log_X.classification.mcap');
    await writeFile(local, 'classes');
    expect((await uploadWithPrefix(stand.client, local, 'Sensor_Log_X')).remotePath).toBe(
      'Sensor_Log_X/Sensor_Log_X.classification.mcap',
    );
    await uploadWithPrefix(stand.client, local, 'Sensor_Log_X'); // overwrite: true by default
    await expect(uploadWithPrefix(stand.client, local, 'Sensor_Log_X', { overwrite: false })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await uploadWithPrefix(stand.client, local, '', { remoteFilename: 'root.mcap' })).remotePath).toBe(
      'root.mcap',
    );
  });

  it('skips unchanged files using a sha256 cache kept on disk', async () => {
    const local = join(stand.dir, 'plan.spectrogram.mcap');
    const cacheFile = join(stand.dir, 'cache', 'uploads.json');
    const remote = 'synthetic_datasets/plan/plan.spectrogram.mcap';
    await writeFile(local, 'spectrogram v1');
    expect((await uploadIfChanged(stand.client, local, remote, { cacheFile })).uploaded).toBe(true);
    expect((await uploadIfChanged(stand.client, local, remote, { cacheFile })).uploaded).toBe(false);
    const cache = JSON.parse(await readFile(cacheFile, 'utf8'));
    expect(cache.entries[remote]).toMatchObject({ sha256: await fileSha256(local), sizeBytes: 14 });
    await writeFile(local, 'spectrogram v2');
    const changed = await uploadIfChanged(stand.client, local, remote, { cacheFile });
    expect(changed.uploaded).toBe(true);
    expect(await readFile(stand.server.blobPath(remote), 'utf8')).toBe('spectrogram v2');
    expect(stand.server.requests.filter((request) => request.kind === 'upload')).toHaveLength(2);
  });
});
