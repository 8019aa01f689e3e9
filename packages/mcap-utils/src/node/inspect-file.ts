import { type DoctorReport, doctorSource } from '../doctor-recording.js';
import { inspectSource, type RecordingInspection } from '../inspect-recording.js';
import { withFileSource } from './file-source.js';

/**
 * Summarises an MCAP file on disk (see `inspectRecording`); reads only the summary and message
 * indexes of indexed files. Used by `tscls inspect FILE [--json]`.
 *
 * @example
 * ```ts
 * import { formatInspection } from '@tsc/mcap-utils';
 * import { inspectRecordingFile } from '@tsc/mcap-utils/node';
 *
 * console.log(formatInspection(await inspectRecordingFile('fixtures/seed/basic_synthetic.mcap')));
 * ```
 */
export async function inspectRecordingFile(path: string): Promise<RecordingInspection> {
  return withFileSource(path, inspectSource);
}

/** Checks an MCAP file on disk (see `doctorRecording`): CRCs, index consistency, time order, bodies. */
export async function doctorRecordingFile(path: string): Promise<DoctorReport> {
  return withFileSource(path, doctorSource);
}
