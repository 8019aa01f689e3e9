import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from './cli-io.js';
import { createProgram } from './program.js';
import { runCli } from './run-cli.js';

// Every file and folder argument of every command (issue 13): a folder where a file belongs, a file where a folder
// belongs, and an output path that is the wrong kind give the CLI's own CliFileError naming the option, the path,
// what was expected and what was found, with exit code 1, before any work starts.

let dir: string;
let folder: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tscls-file-arguments-'));
  folder = join(dir, 'a-folder');
  file = join(dir, 'a-file.json');
  await mkdir(folder);
  await writeFile(file, '{}\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One case: the command, the option at fault, the arguments (given the folder and the file) and the message. */
interface Case {
  readonly option: string;
  readonly args: () => string[];
  readonly wrong: () => string;
  readonly expected: string;
  readonly found: 'a folder' | 'a file';
}

const output = () => join(dir, 'out', 'result.mcap');
const FILE_TO_WRITE = 'a file to write (an existing file is replaced)';
const FOLDER_TO_WRITE = 'a folder to write into (created when missing)';
const MODEL = 'a model folder (tscls train)';

/** Keyed by `<command path> <option>` as `tscls --help` shows them. */
const CASES: Record<string, Case> = {
  'generate --plan': {
    option: '--plan',
    args: () => ['generate', '--plan', folder, '-o', output()],
    wrong: () => folder,
    expected: 'a plan JSON file',
    found: 'a folder',
  },
  'generate --output': {
    option: '--output',
    args: () => ['generate', '--plan', file, '-o', folder],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'generate --labels': {
    option: '--labels',
    args: () => ['generate', '--plan', file, '-o', output(), '--labels', folder],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'generate --experiment': {
    option: '--experiment',
    args: () => ['generate', '--plan', file, '-o', output(), '--experiment', folder],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'generate-dataset --output': {
    option: '--output',
    args: () => ['generate-dataset', '--count', '1', '-o', file],
    wrong: () => file,
    expected: FOLDER_TO_WRITE,
    found: 'a file',
  },
  'inspect <file>': {
    option: '<file>',
    args: () => ['inspect', folder],
    wrong: () => folder,
    expected: 'an MCAP file',
    found: 'a folder',
  },
  'convert-log <log>': {
    option: '<log>',
    args: () => ['convert-log', folder],
    wrong: () => folder,
    expected: 'a sensor log JSON file',
    found: 'a folder',
  },
  'convert-log --output-dir': {
    option: '--output-dir',
    args: () => ['convert-log', file, '--output-dir', file],
    wrong: () => file,
    expected: FOLDER_TO_WRITE,
    found: 'a file',
  },
  'spectrogram <recording>': {
    option: '<recording>',
    args: () => ['spectrogram', folder, '-o', output()],
    wrong: () => folder,
    expected: 'an MCAP recording',
    found: 'a folder',
  },
  'spectrogram --output': {
    option: '--output',
    args: () => ['spectrogram', file, '-o', folder],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'train --data': {
    option: '--data',
    args: () => ['train', '--data', file, '-o', join(dir, 'model')],
    wrong: () => file,
    expected: 'a folder of labelled recordings',
    found: 'a file',
  },
  'train --output': {
    option: '--output',
    args: () => ['train', '--data', folder, '-o', file],
    wrong: () => file,
    expected: FOLDER_TO_WRITE,
    found: 'a file',
  },
  'evaluate --model': {
    option: '--model',
    args: () => ['evaluate', '--model', file, '--data', folder],
    wrong: () => file,
    expected: MODEL,
    found: 'a file',
  },
  'evaluate --data': {
    option: '--data',
    args: () => ['evaluate', '--baseline', 'norm-dip', '--data', file],
    wrong: () => file,
    expected: 'a folder of recordings',
    found: 'a file',
  },
  'evaluate --labels': {
    option: '--labels',
    args: () => ['evaluate', '--baseline', 'norm-dip', '--data', folder, '--labels', file],
    wrong: () => file,
    expected: 'a folder of labels files',
    found: 'a file',
  },
  'evaluate --output': {
    option: '--output',
    args: () => ['evaluate', '--baseline', 'norm-dip', '--data', folder, '-o', folder],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'classify --model': {
    option: '--model',
    args: () => ['classify', '--model', file, '--input', file, '-o', output()],
    wrong: () => file,
    expected: MODEL,
    found: 'a file',
  },
  'classify --input': {
    option: '--input',
    args: () => ['classify', '--model', folder, '--input', folder, '-o', output()],
    wrong: () => folder,
    expected: 'an MCAP recording',
    found: 'a folder',
  },
  'classify --output': {
    option: '--output',
    args: () => ['classify', '--model', folder, '--input', file, '-o', folder],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'classify --labels-out': {
    option: '--labels-out',
    args: () => ['classify', '--model', folder, '--input', file, '-o', output(), '--labels-out', folder],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'classify --follow': {
    option: '--follow',
    args: () => ['classify', '--model', folder, '--follow', folder],
    wrong: () => folder,
    expected: 'a sensor-log JSON lines file',
    found: 'a folder',
  },
  'report --data': {
    option: '--data',
    args: () => ['report', '--data', folder, '-o', join(dir, 'report.html')],
    wrong: () => folder,
    expected: 'a report data JSON file',
    found: 'a folder',
  },
  'report --output': {
    option: '--output',
    args: () => ['report', '--data', file, '-o', folder],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'nst project --local': {
    option: '--local',
    args: () => ['nst', 'project', '--local', file],
    wrong: () => file,
    expected: FOLDER_TO_WRITE,
    found: 'a file',
  },
  'nst list --local': {
    option: '--local',
    args: () => ['nst', 'list', '--local', file],
    wrong: () => file,
    expected: FOLDER_TO_WRITE,
    found: 'a file',
  },
  'nst download --output': {
    option: '--output',
    args: () => ['nst', 'download', 'run.mcap', '-o', folder, '--local', join(dir, 'store')],
    wrong: () => folder,
    expected: FILE_TO_WRITE,
    found: 'a folder',
  },
  'nst download --local': {
    option: '--local',
    args: () => ['nst', 'download', 'run.mcap', '-o', output(), '--local', file],
    wrong: () => file,
    expected: FOLDER_TO_WRITE,
    found: 'a file',
  },
  'nst upload <local>': {
    option: '<local>',
    args: () => ['nst', 'upload', folder, 'run.mcap', '--local', join(dir, 'store')],
    wrong: () => folder,
    expected: 'a file',
    found: 'a folder',
  },
  'nst upload --local': {
    option: '--local',
    args: () => ['nst', 'upload', file, 'run.mcap', '--local', file],
    wrong: () => file,
    expected: FOLDER_TO_WRITE,
    found: 'a file',
  },
  'demo --output': {
    option: '--output',
    args: () => ['demo', '-o', file],
    wrong: () => file,
    expected: FOLDER_TO_WRITE,
    found: 'a file',
  },
  'demo --real-data': {
    option: '--real-data',
    args: () => ['demo', '-o', join(dir, 'demo'), '--real-data', file],
    wrong: () => file,
    expected: 'a folder of phone logs with labels files',
    found: 'a file',
  },
};

/** Arguments that name something other than a local path. */
const NOT_LOCAL_PATHS = new Set(['nst download <remote>', 'nst upload <remote>']);

/** `<command path> <option>` of every option and argument of the program that takes a file or a folder. */
function pathArguments(command: Command, prefix = ''): string[] {
  const path = `${prefix}${command.name()}`;
  const own = [
    ...command.options.filter((o) => /<(file|dir)>/.test(o.flags)).map((o) => `${path} ${o.long}`),
    ...command.registeredArguments.map((a) => `${path} <${a.name()}>`),
  ];
  return [...own, ...command.commands.flatMap((sub) => pathArguments(sub, `${path} `))];
}

async function run(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('file and folder arguments', () => {
  it('covers every file and folder option and argument of every command', () => {
    const program = createProgram(captureIo());
    const found = program.commands
      .flatMap((command) => pathArguments(command))
      .filter((key) => !NOT_LOCAL_PATHS.has(key))
      .sort();
    expect(found).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s: the wrong kind is a CliFileError naming the option', async (_, testCase) => {
    const { code, out, err } = await run(testCase.args());
    expect(err).toBe(
      `tscls: CliFileError: ${testCase.wrong()}: ${testCase.option}: expected ${testCase.expected}, found ${testCase.found}\n`,
    );
    expect(code).toBe(1);
    expect(out).toBe('');
  });

  it('writes nothing when an argument is refused', async () => {
    expect(await readdir(dir)).toEqual(['a-file.json', 'a-folder']);
  });

  it('names a missing input, and a file where a folder above a path belongs', async () => {
    const missing = join(dir, 'missing.mcap');
    expect((await run(['inspect', missing])).err).toBe(
      `tscls: CliFileError: ${missing}: <file>: expected an MCAP file, found nothing at that path (ENOENT)\n`,
    );
    const below = join(file, 'x.mcap');
    expect((await run(['spectrogram', below, '-o', output()])).err).toBe(
      `tscls: CliFileError: ${below}: <recording>: expected an MCAP recording, found a file at ${file}\n`,
    );
    const nested = join(file, 'out', 'x.mcap');
    expect((await run(['spectrogram', file, '-o', nested])).err).toBe(
      `tscls: CliFileError: ${nested}: --output: expected ${FILE_TO_WRITE} in a folder, found a file at ${file}\n`,
    );
    expect((await run(['train', '--data', join(dir, 'no-data'), '-o', join(dir, 'model')])).err).toBe(
      `tscls: CliFileError: ${join(dir, 'no-data')}: --data: expected a folder of labelled recordings, found nothing at that path (ENOENT)\n`,
    );
  });

  it('names a pipe given where a file belongs', async () => {
    const pipe = join(dir, 'a-pipe');
    execFileSync('mkfifo', [pipe]);
    try {
      const { code, err } = await run(['inspect', pipe]);
      expect(err).toBe(`tscls: CliFileError: ${pipe}: <file>: expected an MCAP file, found a pipe\n`);
      expect(code).toBe(1);
    } finally {
      await rm(pipe);
    }
  });
});
