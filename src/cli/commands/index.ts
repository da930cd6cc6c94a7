/** The command registry: one line per command module (noun then verb). */
import type { CommandModule } from '../command.js';
import { assetsCommand } from './assets.js';
import { backupCommand } from './backup.js';
import { catalogCommand } from './catalog.js';
import { doNotProbeCommand, scopeCommand } from './address-lists.js';
import { feedsCommand } from './feeds.js';
import { mediaCommand } from './media.js';
import { modelsCommand } from './models.js';
import { reportCommand } from './report.js';
import { findingsCommand } from './findings.js';
import { sbomCommand } from './sbom.js';
import { scanCommand } from './scan.js';
import { scansCommand } from './scans.js';
import { segmentationCommand } from './segmentation.js';
import { trafficCommand } from './traffic.js';
import { vulnsCommand } from './vulns.js';
import { zonesCommand } from './zones.js';
import { serveCommand } from './serve.js';
import { usersCommand } from './users.js';
import { tokensCommand } from './tokens.js';
import { auditLogCommand } from './audit-log.js';
import { secretsCommand } from './secrets.js';

export const commands: readonly CommandModule[] = [
  scanCommand,
  scansCommand,
  findingsCommand,
  doNotProbeCommand,
  scopeCommand,
  catalogCommand,
  feedsCommand,
  sbomCommand,
  vulnsCommand,
  zonesCommand,
  segmentationCommand,
  trafficCommand,
  assetsCommand,
  modelsCommand,
  mediaCommand,
  reportCommand,
  backupCommand,
  serveCommand,
  usersCommand,
  tokensCommand,
  auditLogCommand,
  secretsCommand,
];
