/** The command registry: one line per command module (noun then verb). */
import type { CommandModule } from '../command.js';

export const commands: readonly CommandModule[] = [];
