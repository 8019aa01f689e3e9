import { basename, dirname, extname } from 'node:path';
import type { ChunkCompression } from '@tsc/mcap-utils';
import {
  checkDistinctOutputs,
  freeDiskBytes,
  RecordingStreamWriter,
  writeExperimentFile,
  writeFilesAtomic,
  writeLabelsFile,
} from '@tsc/mcap-utils/node';
import {
  type GeneratedSummary,
  type GenerateRecordingOptions,
  type RecordingStream,
  streamRecording,
} from '../generation/generate-recording.js';
import { checkRecordingDisk } from '../generation/recording-size.js';
import type { Plan } from '../plan/plan-types.js';

/** Options of {@link generateToFiles}. */
export interface GenerateToFilesOptions {
  /** The MCAP file to write. */
  outputPath: string;
  /** Where to write the labels JSON (reference format, 4-space indent). Defaults to not writing labels. */
  labelsPath?: string;
  /** Where to write the experiment JSON (reference format, 2-space indent). Defaults to not writing one. */
  experimentPath?: string;
  /** PRNG seed. Defaults to the plan's `initialization.seed`, else 0. */
  seed?: number;
  /** `'seed'` reproduces the reference generator. Defaults to physical mode. */
  compat?: 'seed';
  /** Recording name in label and experiment paths. Defaults to the output file name without `.mcap`. */
  name?: string;
  /** Nstrumenta project in label and experiment paths. Defaults to `'nst-test'`. */
  project?: string;
  /** MCAP chunk compression. Defaults to `'zstd'` (as the reference). */
  compression?: ChunkCompression;
  /**
   * The most memory generating may hold (bytes), checked before generating: one block and the segments' state in
   * physical mode, the whole recording in compat mode. Defaults to 4 GiB.
   */
  maxMemoryBytes?: number;
  /**
   * Samples generated and written at a time in physical mode (an integer ≥ 1); the files do not depend on it.
   * Defaults to `DEFAULT_BLOCK_LENGTH_SAMPLES` (8192).
   */
  blockLengthSamples?: number;
}

/** What {@link generateToFiles} wrote. */
export interface GeneratedFiles {
  /** The MCAP file. */
  readonly outputPath: string;
  /** The labels file, if written. */
  readonly labelsPath: string | undefined;
  /** The experiment file, if written. */
  readonly experimentPath: string | undefined;
  /** The topics written, in order. */
  readonly topics: readonly string[];
  /** What was generated besides the samples (which went to the file): sample count, labels, experiment, segments. */
  readonly generated: GeneratedSummary;
}

/**
 * Generates a recording from a plan and writes the MCAP file (through `@tsc/mcap-utils`), and optionally its labels
 * and experiment files, all or none (`writeFilesAtomic`): each goes to a temporary file beside its target and all
 * are renamed into place only when every one is written, so a failure leaves neither a half-written file nor an
 * MCAP without its labels. The recording is generated and written block by block (`streamRecording`,
 * `RecordingStreamWriter`), so memory stays bounded by a block and the segments' state however long it is; labels
 * and experiment are written once the last block is. Two outputs with the same path are refused before anything
 * is generated. The same plan and seed give byte-identical files, whatever the block length, and the MCAP file has
 * the bytes `writeRecordingFile` writes for `generateRecording`'s recording.
 *
 * @throws `InvalidArgumentError` (from `@tsc/mcap-utils`) naming both options when two outputs share a path; the
 *   errors of `streamRecording` (an invalid plan, seed or block length, a recording too long to represent, or one
 *   whose block and segments would not fit in `maxMemoryBytes`) and `MemoryLimitError` (resource `disk`) for a
 *   recording that would not fit in the free space where it goes (`checkRecordingDisk`), before anything is written.
 *
 * @example
 * ```ts
 * import { generateToFiles, readPlanFile } from '@tsc/synthetic/node';
 *
 * // the reference's plan, from a clone of the repository
 * const plan = await readPlanFile('fixtures/seed/default_plan.json');
 * await generateToFiles(plan, { outputPath: 'out.mcap', labelsPath: 'out.labels.json', seed: 1 });
 * ```
 */
export async function generateToFiles(plan: Plan, options: GenerateToFilesOptions): Promise<GeneratedFiles> {
  const { outputPath, labelsPath, experimentPath, compression } = options;
  const outputs = [
    { name: 'outputPath', path: outputPath },
    ...(labelsPath === undefined ? [] : [{ name: 'labelsPath', path: labelsPath }]),
    ...(experimentPath === undefined ? [] : [{ name: 'experimentPath', path: experimentPath }]),
  ];
  checkDistinctOutputs(outputs);
  const stream = streamRecording(plan, streamOptions(options));
  checkRecordingDisk({
    sampleCount: stream.sampleCount,
    option: 'segments[].duration_s (sum) × initialization.sample_rate',
    outputPath,
    freeDiskBytes: await freeDiskBytes(dirname(outputPath)),
  });
  let generated: GeneratedSummary | undefined;
  const summary = () => {
    generated ??= stream.summary();
    return generated;
  };
  const writers: Record<string, (temporary: string) => Promise<void>> = {
    outputPath: (temporary) => writeStream(temporary, stream, compression),
    labelsPath: (temporary) => writeLabelsFile(temporary, summary().labels),
    experimentPath: (temporary) => writeExperimentFile(temporary, summary().experiment),
  };
  await writeFilesAtomic(outputs.map((output) => ({ ...output, write: writers[output.name]! })));
  return { outputPath, labelsPath, experimentPath, topics: stream.topics, generated: summary() };
}

/** The generation options of {@link generateToFiles}'s options (the name defaults to the output file's stem). */
function streamOptions(options: GenerateToFilesOptions): GenerateRecordingOptions {
  const { outputPath, name, seed, compat, project, maxMemoryBytes, blockLengthSamples } = options;
  return {
    name: name ?? basename(outputPath, extname(outputPath)),
    ...(seed === undefined ? {} : { seed }),
    ...(compat === undefined ? {} : { compat }),
    ...(project === undefined ? {} : { project }),
    ...(maxMemoryBytes === undefined ? {} : { maxMemoryBytes }),
    ...(blockLengthSamples === undefined ? {} : { blockLengthSamples }),
  };
}

/** Writes a recording stream's blocks to `path`, as `writeRecordingFile` writes a whole recording. */
async function writeStream(path: string, stream: RecordingStream, compression: ChunkCompression | undefined) {
  const writer = await RecordingStreamWriter.open(path, {
    library: '@tsc/synthetic',
    metadata: stream.metadata,
    topics: stream.topics,
    ...(compression === undefined ? {} : { compression }),
  });
  try {
    for (const block of stream.blocks()) writer.addBlock(block.topics);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.close();
}
