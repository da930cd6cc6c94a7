/** The command registry: one line per command module (noun then verb). */
import type { CommandModule } from '../command.js';
import { catalogCommand } from './catalog.js';
import { doNotProbeCommand } from './do-not-probe.js';
import { feedsCommand } from './feeds.js';
import { findingsCommand } from './findings.js';
import { sbomCommand } from './sbom.js';
import { scanCommand } from './scan.js';
import { scansCommand } from './scans.js';
import { vulnsCommand } from './vulns.js';

export const commands: readonly CommandModule[] = [
  scanCommand,
  scansCommand,
  findingsCommand,
  doNotProbeCommand,
  catalogCommand,
  feedsCommand,
  sbomCommand,
  vulnsCommand,
];
