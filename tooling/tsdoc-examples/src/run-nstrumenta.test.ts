import { expect } from 'vitest';
import { describeExamples, prints, printsError } from './run-examples.js';

describeExamples('nstrumenta', {
  'nstrumenta/errors.ts:NstrumentaError': prints(['local download', 'Sensor_Log_X.mcap']),
  'nstrumenta/errors.ts:ApiKeyError': (printed) => expect(String(printed[0]?.[0])).toMatch(/^apiKey: invalid API key/),
  'nstrumenta/errors.ts:HttpError': prints([404]),
  'nstrumenta/errors.ts:NotFoundError': prints(['runs/missing.mcap is not in the project']),
  'nstrumenta/errors.ts:RemotePathError': printsError(
    'path projects/a/modules/x.tar.gz: expected projects/<id>/data/<path>',
  ),
  'nstrumenta/errors.ts:LocalFileError': (printed) => expect(String(printed[0]?.[0])).toMatch(/found a folder$/),
  'nstrumenta/extract-archive.ts:extractArchive': prints([['config.json', 'model.json', 'weights.bin']]),
  'nstrumenta/fetch-if-missing.ts:fetchIfMissing': prints([true, false]),
  'nstrumenta/local-project-store.ts:LocalProjectStore': prints([['projects/local/data/runs/run.mcap']]),
  'nstrumenta/upload-if-changed.ts:uploadIfChanged': prints([true, false]),
  'nstrumenta/upload-with-prefix.ts:uploadWithPrefix': prints(['Sensor_Log_X/Sensor_Log_X.classification.mcap']),
  'nstrumenta/api-key.ts:formatApiKey': prints(['s3cret:aHR0cDovLzEyNy4wLjAuMTo1OTk5']),
});
