/** Test helper: an in-memory store with only the vulnerability-intelligence migrations (0100–0199). */
import { openDb, type Db } from '../../store/sqlite/db.js';
import feeds from '../../store/sqlite/migrations/0100-vuln-feeds.js';
import sboms from '../../store/sqlite/migrations/0101-vuln-sboms.js';
import trust from '../../store/sqlite/migrations/0102-vuln-trust.js';
import triage from '../../store/sqlite/migrations/0103-vuln-triage.js';
import unanalysed from '../../store/sqlite/migrations/0104-vuln-unanalysed.js';
import indexCriteria from '../../store/sqlite/migrations/0105-vuln-index-criteria.js';
import cveConfig from '../../store/sqlite/migrations/0106-vuln-cve-config.js';
import childIndexes from '../../store/sqlite/migrations/0107-vuln-advisory-child-indexes.js';
import pgpKeys from '../../store/sqlite/migrations/0108-vuln-pgp-keys.js';
import sbomIds from '../../store/sqlite/migrations/0109-vuln-sbom-ids.js';
import configsOnce from '../../store/sqlite/migrations/0110-vuln-configs-once.js';
import vexProposals from '../../store/sqlite/migrations/0111-vuln-vex-proposals.js';

export const memDb = (): Db => openDb(':memory:', { migrations: [feeds, sboms, trust, triage, unanalysed, indexCriteria, cveConfig, childIndexes, pgpKeys, sbomIds, configsOnce, vexProposals] });
