import { describe, expect, it } from 'vitest';
import { captureIo } from './cli-io.js';
import { CliFileError } from './errors.js';
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
      'tscls: CliFileError: <file> missing.mcap: expected an MCAP file, found nothing at that path (ENOENT)\n',
    );
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
