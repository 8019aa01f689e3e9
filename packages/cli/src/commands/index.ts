import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { registerReportCommand } from './report.js';

/** Adds one command to the program. */
export type CommandRegistration = (program: Command, context: CommandContext) => void;

/** Every command, in the order `tscls --help` lists them. */
export const commandRegistrations: readonly CommandRegistration[] = [registerReportCommand];
