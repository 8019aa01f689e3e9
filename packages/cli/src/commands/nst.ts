import { formatBytes } from '@tsc/mcap-utils';
import { LocalProjectStore, NstrumentaClient, type ProjectDataStore } from '@tsc/nstrumenta';
import type { Command } from 'commander';
import { checkInputFile, checkOutputFile, checkOutputFolder } from '../cli-files.js';
import type { CommandContext } from '../command-context.js';
import { CliCommandError } from '../errors.js';
import { positiveNumberOption } from '../option-parsers.js';

interface StoreOptions {
  local?: string;
  timeout: number;
}

/** The default time limit of each request (s). */
const DEFAULT_TIMEOUT_SEC = 30;

async function openStore(io: CommandContext['io'], { local, timeout }: StoreOptions): Promise<ProjectDataStore> {
  if (local !== undefined) {
    await checkOutputFolder('--local', local);
    return new LocalProjectStore(local);
  }
  const apiKey = io.env.NSTRUMENTA_API_KEY;
  if (apiKey === undefined || apiKey.trim() === '') {
    throw new CliCommandError(
      'NSTRUMENTA_API_KEY is not set: export your project API key, or pass --local DIR to use a local project store',
    );
  }
  // retry notices go to stderr while the client waits (never the key: the client's lines do not hold it)
  return new NstrumentaClient({ apiKey, timeoutMs: timeout * 1000, log: (line) => io.stderr(`tscls: ${line}\n`) });
}

/**
 * `tscls nst project|list|download|upload`: the Nstrumenta project of `NSTRUMENTA_API_KEY` (or a local store with
 * `--local DIR`). The key is never printed.
 */
export function registerNstCommand(program: Command, { io }: CommandContext): void {
  const nst = program
    .command('nst')
    .description(
      'Nstrumenta project data: show the project, list, download and upload files (key from NSTRUMENTA_API_KEY)',
    )
    .addHelpText(
      'after',
      "\nRemote paths are relative to the project's data/ folder. The API key is read from NSTRUMENTA_API_KEY and never printed.\nExamples:\n  tscls nst project\n  tscls nst list --json\n  tscls nst download synthetic_datasets/run/run.mcap -o run.mcap\n  tscls nst upload model.tar.gz MAG_DIST_01.model.tar.gz --overwrite",
    );
  const localOption = ['--local <dir>', 'use a local project store in DIR instead of Nstrumenta'] as const;
  const timeoutOption = [
    '--timeout <sec>',
    `time limit of each request (s); a request that times out is retried up to 3 times, with a notice on stderr (default ${DEFAULT_TIMEOUT_SEC})`,
    positiveNumberOption(0),
    DEFAULT_TIMEOUT_SEC,
  ] as const;

  nst
    .command('project')
    .description('print the project the API key belongs to')
    .option(...localOption)
    .option(...timeoutOption)
    .action(async (options: StoreOptions) => {
      const project = await (await openStore(io, options)).getProject();
      io.stdout(`${JSON.stringify(project, null, 2)}\n`);
    });

  nst
    .command('list')
    .description("list the project's data files")
    .option('--json', 'print the listing records as JSON', false)
    .option(...localOption)
    .option(...timeoutOption)
    .action(async (options: StoreOptions & { json: boolean }) => {
      const records = await (await openStore(io, options)).listData();
      if (options.json) {
        io.stdout(`${JSON.stringify(records, null, 2)}\n`);
        return;
      }
      const rows = records
        .map(({ data }) => ({
          path: data.dirname === '' ? data.name : `${data.dirname}/${data.name}`,
          size: formatBytes(Number(data.size)),
          modified: new Date(data.lastModified).toISOString().replace('T', ' ').slice(0, 19),
        }))
        .sort((a, b) => a.path.localeCompare(b.path));
      for (const row of rows) io.stdout(`${row.size.padStart(10)}  ${row.modified}  ${row.path}\n`);
      io.stdout(`${rows.length} file${rows.length === 1 ? '' : 's'}\n`);
    });

  nst
    .command('download')
    .description('download a remote file (atomically: no partial file on failure)')
    .argument('<remote>', 'remote path relative to data/')
    .option('-o, --output <file>', 'local file to write (default: the remote file name in the current folder)')
    .option(...localOption)
    .option(...timeoutOption)
    .action(async (remote: string, options: StoreOptions & { output?: string }) => {
      const output = options.output ?? remote.split('/').pop() ?? remote;
      await checkOutputFile(options.output === undefined ? '<remote>' : '--output', output);
      const path = await (await openStore(io, options)).download(remote, output);
      io.stdout(`downloaded ${remote} to ${path}\n`);
    });

  nst
    .command('upload')
    .description('upload a local file; an existing remote file is a conflict unless --overwrite')
    .argument('<local>', 'local file')
    .argument('<remote>', 'remote path relative to data/')
    .option('--overwrite', 'replace an existing remote file', false)
    .option(...localOption)
    .option(...timeoutOption)
    .action(async (local: string, remote: string, options: StoreOptions & { overwrite: boolean }) => {
      await checkInputFile('<local>', local);
      const result = await (await openStore(io, options)).upload(local, remote, { overwrite: options.overwrite });
      io.stdout(`uploaded ${local} to ${result.remotePath} (${formatBytes(result.sizeBytes)})\n`);
    });
}
