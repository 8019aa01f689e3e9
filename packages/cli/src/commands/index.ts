import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { registerGenerateCommand } from './generate.js';
import { registerGenerateDatasetCommand } from './generate-dataset.js';
import { registerNstCommand } from './nst.js';
import { registerReportCommand } from './report.js';
import { registerSpectrogramCommand } from './spectrogram.js';

/** Adds one command to the program. */
export type CommandRegistration = (program: Command, context: CommandContext) => void;

/** Every command, in the order `tscls --help` lists them. */
export const commandRegistrations: readonly CommandRegistration[] = [
  registerGenerateCommand,
  registerGenerateDatasetCommand,
  registerSpectrogramCommand,
  registerReportCommand,
  registerNstCommand,
];
