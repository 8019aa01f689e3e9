import { readFileSync } from 'node:fs';
import { fixturePath } from '@tsc/fixtures';
import { describe, expect, it } from 'vitest';
import { JsonValidationError } from './errors.js';
import { parseExperiment, stringifyExperiment } from './experiment.js';
import {
  createLabelEvent,
  LabelTimeline,
  labelEventTimesNs,
  labelTimeFromNs,
  parseLabels,
  stringifyLabels,
} from './labels.js';
import { pureWindowLabel } from './windows.js';

describe('labels files', () => {
  it('reads the reference sample and writes it back with the same content', () => {
    const text = readFileSync(fixturePath('seed', 'example_labels.json'), 'utf8');
    const labels = parseLabels(text, { fileName: 'example_labels.json' });
    expect(labels.events).toHaveLength(2);
    expect(labels.events[0]!.metadata).toEqual({ distortion: '1', '': '' });
    expect(labels.events[0]!.extra).toEqual({ formattedTime: '4:00:04.883 PM PST' });
    expect(labelEventTimesNs(labels.events[1]!)).toEqual({ startNs: 19_314_421_341n, endNs: 21_314_421_341n });
    const again = stringifyLabels(labels);
    expect(JSON.parse(again)).toEqual(JSON.parse(text));
    expect(parseLabels(again)).toEqual(labels);
  });

  it('writes the layout of Python json.dump(indent=4)', () => {
    const event = createLabelEvent({
      startTimeNs: 15_000_000_000n,
      endTimeNs: 20_500_000_000n,
      metadata: { mag_distortion: '2', '': '' },
      collection: 'projects/nst-test/data/a/a.labels.json',
      id: 'abc',
    });
    expect(stringifyLabels({ events: [event] })).toBe(
      [
        '{',
        '    "events": [',
        '        {',
        '            "id": "abc",',
        '            "startTime": {',
        '                "sec": 15,',
        '                "nsec": 0',
        '            },',
        '            "endTime": {',
        '                "sec": 20,',
        '                "nsec": 500000000',
        '            },',
        '            "metadata": {',
        '                "mag_distortion": "2",',
        '                "": ""',
        '            },',
        '            "collection": "projects/nst-test/data/a/a.labels.json"',
        '        }',
        '    ]',
        '}',
      ].join('\n'),
    );
  });

  it('makes deterministic UUIDs and splits negative times with a non-negative nsec', () => {
    const options = { startTimeNs: 0n, endTimeNs: 1n, metadata: { mag_distortion: '0' }, collection: 'c' };
    const a = createLabelEvent(options);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createLabelEvent(options).id).toBe(a.id);
    expect(createLabelEvent({ ...options, endTimeNs: 2n }).id).not.toBe(a.id);
    expect(labelTimeFromNs(-1n)).toEqual({ sec: -1, nsec: 999_999_999 });
  });

  it('names the file, the JSON path, expected and found on bad input', () => {
    const bad =
      '{"events": [{"id": "x", "startTime": {"sec": 1, "nsec": 2}, "endTime": {"sec": 1, "nsec": 1e10}, "metadata": {}, "collection": "c"}]}';
    expect(() => parseLabels(bad, { fileName: 'bad.labels.json' })).toThrow(JsonValidationError);
    try {
      parseLabels(bad, { fileName: 'bad.labels.json' });
    } catch (error) {
      const e = error as JsonValidationError;
      expect(e.file).toBe('bad.labels.json');
      expect(e.field).toBe('events[0].endTime.nsec');
      expect(e.message).toContain('expected an integer in [0, 999999999], found 10000000000');
    }
    expect(() => parseLabels('{"events": [1]}')).toThrow(/events\[0\]: expected an object, found 1/);
    expect(() => parseLabels('{"events": [')).toThrow(/expected valid JSON/);
    expect(() =>
      parseLabels(
        '{"events": [{"id": "x", "startTime": {"sec": 0, "nsec": 0}, "endTime": {"sec": 0, "nsec": 0}, "metadata": {"k": 1}, "collection": "c"}]}',
      ),
    ).toThrow(/events\[0\]\.metadata\["k"\]: expected a string, found 1/);
  });
});

describe('LabelTimeline', () => {
  const event = (startNs: bigint, endNs: bigint, label: string | undefined) =>
    createLabelEvent({
      startTimeNs: startNs,
      endTimeNs: endNs,
      metadata: label === undefined ? {} : { mag_distortion: label },
      collection: '',
    });
  // "0" on [0, 10), "2" on [10, 20), "1" on [5, 15) read after both (so it loses where they hold), a gap [20, 30),
  // "1" on [30, 40), and an event without the key on [0, 100)
  const events = [
    event(0n, 10n, '0'),
    event(10n, 20n, '2'),
    event(5n, 15n, '1'),
    event(0n, 100n, undefined),
    event(30n, 40n, '1'),
  ];
  const timeline = new LabelTimeline(events, 'mag_distortion');

  it('gives the label of the first event in file order that holds a time: start inclusive, end exclusive', () => {
    expect(timeline.names).toEqual(['0', '2', '1']);
    const at = (t: bigint) => timeline.names[timeline.at(t)];
    expect([-1n, 0n, 5n, 9n, 10n, 14n, 19n, 20n, 29n, 30n, 39n, 40n, 1000n].map(at)).toEqual([
      undefined,
      '0',
      '0',
      '0',
      '2',
      '2',
      '2',
      undefined,
      undefined,
      '1',
      '1',
      undefined,
      undefined,
    ]);
    // the same as scanning the events for every time
    for (let t = -5n; t < 50n; t++) {
      const first = events.find((e) => {
        const { startNs, endNs } = labelEventTimesNs(e);
        return e.metadata.mag_distortion !== undefined && t >= startNs && t < endNs;
      });
      expect(at(t)).toBe(first?.metadata.mag_distortion);
    }
  });

  it('labels a window by the pure rule: one label for every sample, else none', () => {
    expect(pureWindowLabel(timeline, [0n, 4n, 9n])).toBe('0');
    expect(pureWindowLabel(timeline, [8n, 9n, 10n])).toBeUndefined(); // across a boundary
    expect(pureWindowLabel(timeline, [21n, 25n])).toBeUndefined(); // in a gap
    expect(pureWindowLabel(timeline, [])).toBeUndefined();
  });
});

describe('experiment files', () => {
  it('reads the reference sample and round-trips a generated experiment', () => {
    const sample = parseExperiment(readFileSync(fixturePath('seed', 'example_experiment.json'), 'utf8'));
    expect(sample).toEqual({
      dirname: 'synthetic_test',
      labelFiles: [{ filePath: 'projects/nst-test/data/synthetic_test/synthetic_test.labels.json' }],
    });
    const experiment = {
      dirname: 'synthetic_datasets/run1',
      labelFiles: [{ filePath: 'projects/nst-test/data/synthetic_datasets/run1/run1.labels.json' }],
      description: 'Synthetic dataset: run1',
      segments: [{ name: 's1', duration_s: 15, mag_distortion: { level: 'high' } }],
      metadata: { generated_by: 'synthetic_data.py', sample_rate: 30, distortion_levels: ['high'] },
      extra: { note: 'kept' },
    };
    const text = stringifyExperiment(experiment);
    expect(text.startsWith('{\n  "dirname": "synthetic_datasets/run1",\n  "labelFiles": [\n    {\n')).toBe(true);
    expect(parseExperiment(text)).toEqual(experiment);
    expect(() => parseExperiment('{"dirname": "x", "labelFiles": [{"path": "y"}]}', { fileName: 'e.json' })).toThrow(
      /e\.json: labelFiles\[0\]\.filePath: expected a string, found nothing \(missing\)/,
    );
  });
});
