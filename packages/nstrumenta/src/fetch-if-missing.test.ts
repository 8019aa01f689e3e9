import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturePath } from '@tsc/fixtures';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { useStandInClient } from './__fixtures__/stand-in-client.js';
import { fetchIfMissing } from './fetch-if-missing.js';
import { fileSha256 } from './upload-if-changed.js';

const stand = useStandInClient();

async function makeModelDir(path: string): Promise<void> {
  await mkdir(join(path, 'weights'), { recursive: true });
  await writeFile(join(path, 'model.json'), '{"format":"layers-model"}');
  await writeFile(join(path, 'weights', 'weights.bin'), new Uint8Array([1, 2, 3, 4]));
}

describe('fetchIfMissing', () => {
  it('downloads only when the local file is missing, and extracts archives on request', async () => {
    await stand.server.seed('Sensor_Log_X.mcap', await readFile(fixturePath('seed', 'basic_synthetic.mcap')));
    const localPath = join(stand.dir, 'work', 'Sensor_Log_X.mcap');
    expect(await fetchIfMissing(stand.client, 'Sensor_Log_X.mcap', { localPath })).toEqual({
      localPath,
      downloaded: true,
    });
    expect(await fetchIfMissing(stand.client, 'Sensor_Log_X.mcap', { localPath })).toEqual({
      localPath,
      downloaded: false,
    });
    expect(stand.server.requests.filter((request) => request.kind === 'download')).toHaveLength(1);
    expect(await fileSha256(localPath)).toBe(await fileSha256(fixturePath('seed', 'basic_synthetic.mcap')));

    await makeModelDir(join(stand.dir, 'trained'));
    // A <model_id>.model.tar.gz as @tsc/ast-model's packModelArchive writes it: the files under model/.
    await tar.create(
      { gzip: true, file: join(stand.dir, 'packed.tar.gz'), cwd: join(stand.dir, 'trained'), prefix: 'model' },
      ['model.json', 'weights'],
    );
    await stand.server.seed('3AF306.model.tar.gz', await readFile(join(stand.dir, 'packed.tar.gz')));
    const fetched = await fetchIfMissing(stand.client, '/3AF306.model.tar.gz', {
      localPath: join(stand.dir, 'work', '3AF306.model.tar.gz'),
      extract: true,
    });
    expect(fetched).toMatchObject({ downloaded: true, extractedTo: join(stand.dir, 'work') });
    expect(await readFile(join(stand.dir, 'work', 'model', 'model.json'), 'utf8')).toBe('{"format":"layers-model"}');
  });
});
