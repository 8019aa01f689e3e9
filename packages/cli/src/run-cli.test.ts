import { InvalidArgumentError } from '@tsc/errors';
import { describe, expect, it } from 'vitest';
import { captureIo } from './cli-io.js';
import { CliFileError, CliUsageError } from './errors.js';
import { runCli } from './run-cli.js';

describe('runCli', () => {
  it('prints help with exit code 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: tscls');
  });

  it('has --help on every command', async () => {
    const commands = [
      ['generate'],
      ['generate-dataset'],
      ['inspect'],
      ['convert-log'],
      ['spectrogram'],
      ['train'],
      ['evaluate'],
      ['classify'],
      ['report'],
      ['nst'],
      ['nst', 'project'],
      ['nst', 'list'],
      ['nst', 'download'],
      ['nst', 'upload'],
      ['demo'],
    ];
    for (const command of commands) {
      const io = captureIo();
      expect(await runCli([...command, '--help'], io), command.join(' ')).toBe(0);
      expect(io.out()).toContain(`Usage: tscls ${command.join(' ')}`);
    }
  });

  it('exits 2 on an unknown command or option', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'frobnicate'");
    expect(await runCli(['report', '--nope'], captureIo())).toBe(2);
  });

  it('exits 2 when a required option is missing', async () => {
    const io = captureIo();
    expect(await runCli(['report', '--data', 'x.json'], io)).toBe(2);
    expect(io.err()).toContain('--output');
  });

  it("names a missing input file in the CLI's own error, not a bare ENOENT", async () => {
    const io = captureIo();
    expect(await runCli(['inspect', 'missing.mcap'], io)).toBe(1);
    expect(io.err()).toBe(
      'tscls: CliFileError: missing.mcap: <file>: expected an MCAP file, found nothing at that path (ENOENT)\n',
    );
  });

  it('gives usage and file errors the shape of every argument error: field, expected, found, file', () => {
    const usage = new CliUsageError('--max-steps', 'an integer ≥ 1', 'x');
    expect(usage.message).toBe('--max-steps: expected an integer ≥ 1, found "x"');
    expect(new CliUsageError('--input', 'an MCAP recording', undefined).message).toBe(
      '--input: expected an MCAP recording, found nothing (missing)',
    );
    const file = new CliFileError('--input', 'an MCAP recording', 'a folder', { file: 'runs/' });
    expect(file.message).toBe('runs/: --input: expected an MCAP recording, found a folder');
    expect(file).toMatchObject({ field: '--input', expected: 'an MCAP recording', found: 'a folder', file: 'runs/' });
    expect([usage, file].every((error) => InvalidArgumentError.isInstance(error))).toBe(true);
    expect(CliUsageError.isInstance(file)).toBe(false);
  });

  it('turns a file-system error raised during the work into a CliFileError naming the path', () => {
    const thrown = Object.assign(new Error('EISDIR: illegal operation on a directory, open'), {
      code: 'EISDIR',
      path: 'out/',
      syscall: 'open',
    });
    const error = CliFileError.fromNodeError(thrown);
    expect(error?.message).toBe('out/: expected a path the command can open, found a folder (EISDIR)');
    expect(error?.code).toBe('EISDIR');
    expect(error).toMatchObject({ field: '', file: 'out/', expected: 'a path the command can open' });
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(CliFileError.fromNodeError(new Error('not a file error'))).toBeUndefined();
  });

  it('prints one error line with exit code 1 on failure, the stack only with --verbose', async () => {
    const quiet = captureIo();
    expect(await runCli(['report', '--data', '/nonexistent/report.json', '-o', '/tmp/x.html'], quiet)).toBe(1);
    expect(quiet.err().trim().split('\n')).toHaveLength(1);
    expect(quiet.err()).toContain('/nonexistent/report.json');
    const verbose = captureIo();
    expect(
      await runCli(['--verbose', 'report', '--data', '/nonexistent/report.json', '-o', '/tmp/x.html'], verbose),
    ).toBe(1);
    expect(verbose.err()).toMatch(/\n\s+at /);
  });
});
