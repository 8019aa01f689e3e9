import { expect } from 'vitest';
import { describeExamples, prints, printsError } from './run-examples.js';

describeExamples('mcap-utils', {
  'mcap-utils/distortion-classes.ts:distortionClassNames': prints([['none', 'low', 'high']]),
  'mcap-utils/windows.ts:iterateWindows': prints([3540]),
  'mcap-utils/windows.ts:countedWindows': prints([59, 59]),
  'mcap-utils/errors.ts:McapFormatError': printsError(0),
  'mcap-utils/errors.ts:McapTruncatedError': prints([300000]),
  'mcap-utils/errors.ts:McapCrcError': printsError('Chunk'),
  'mcap-utils/errors.ts:UnsupportedCompressionError': prints(['xz99']),
  'mcap-utils/errors.ts:MissingTopicError': printsError('temperature'),
  'mcap-utils/errors.ts:MessageOrderError': prints([1], ['mag_raw', 5n, 10n]),
  'mcap-utils/node/recording-file.ts:iterateRecordingBlocks': prints([1808]),
  'mcap-utils/errors.ts:MalformedMessageError': prints(['mag_raw', 0n]),
  'mcap-utils/errors.ts:ValueWidthError': prints(['mag_raw', 3, 2]),
  'mcap-utils/errors.ts:JsonValidationError': prints(['a.labels.json', 'events[0].startTime']),
  'mcap-utils/errors.ts:NonFiniteSampleError': prints(['<recording>', 'mag_raw', 1_500_000_000n]),
  'mcap-utils/doctor-recording.ts:doctorRecording': (printed) => expect(printed.length).toBeGreaterThan(0),
  'mcap-utils/node/json-files.ts:readLabelsFile': prints([2]),
  'mcap-utils/node/phone-log-file.ts:convertPhoneLog': prints(['converted/02_undisturbed_slow_rotation_B.mcap']),
  'mcap-utils/node/recording-file.ts:readRecordingFile': prints([5424]),
  'mcap-utils/npy.ts:encodeNpy': prints([{ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] }]),
  'mcap-utils/phone-log.ts:parsePhoneLogLine': prints([{ topic: 'mag_raw', timeNs: 1000500n, values: [20, -3, 41] }]),
  'mcap-utils/windows.ts:windows': prints([180]),
});
