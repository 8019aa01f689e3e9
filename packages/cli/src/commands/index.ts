import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { registerClassifyCommand } from './classify.js';
import { registerConvertLogCommand } from './convert-log.js';
import { registerDemoCommand } from './demo.js';
import { registerEvaluateCommand } from './evaluate.js';
import { registerGenerateCommand } from './generate.js';
import { registerGenerateDatasetCommand } from './generate-dataset.js';
import { registerInspectCommand } from './inspect.js';
import { registerNstCommand } from './nst.js';
import { registerReportCommand } from './report.js';
import { registerSpectrogramCommand } from './spectrogram.js';
import { registerTrainCommand } from './train.js';

/** Adds one command to the program. */
export type CommandRegistration = (program: Command, context: CommandContext) => void;

/** Every command, in the order `tscls --help` lists them. */
export const commandRegistrations: readonly CommandRegistration[] = [
  registerGenerateCommand,
  registerGenerateDatasetCommand,
  registerInspectCommand,
  registerConvertLogCommand,
  registerSpectrogramCommand,
  registerTrainCommand,
  registerEvaluateCommand,
  registerClassifyCommand,
  registerReportCommand,
  registerNstCommand,
  registerDemoCommand,
];
