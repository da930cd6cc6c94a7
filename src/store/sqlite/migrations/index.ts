/**
 * Append-only migrations, applied in id order, each once, in a transaction. Never edit a shipped migration:
 * add a new one. Id ranges keep parallel work apart: 0001–0099 scans/findings/assets, 0100–0199 vulnerability
 * intelligence, 0200–0299 inventory, 0300–0399 web/API.
 */
import type { Db } from '../db.js';
import core from './0001-core.js';
import publicScope from './0002-public-scope.js';
import findingKeyIndexes from './0003-finding-key-indexes.js';
import hostNotProbed from './0004-host-not-probed.js';
import vulnFeeds from './0100-vuln-feeds.js';
import vulnSboms from './0101-vuln-sboms.js';
import vulnTrust from './0102-vuln-trust.js';
import vulnTriage from './0103-vuln-triage.js';
import vulnUnanalysed from './0104-vuln-unanalysed.js';
import vulnIndexCriteria from './0105-vuln-index-criteria.js';
import vulnCveConfig from './0106-vuln-cve-config.js';
import vulnAdvisoryChildIndexes from './0107-vuln-advisory-child-indexes.js';
import vulnPgpKeys from './0108-vuln-pgp-keys.js';
import vulnSbomIds from './0109-vuln-sbom-ids.js';
import vulnConfigsOnce from './0110-vuln-configs-once.js';
import vulnVexProposals from './0111-vuln-vex-proposals.js';
import vulnCsafVendorKeys from './0112-vuln-csaf-vendor-keys.js';
import vulnCsafVendorParts from './0113-vuln-csaf-vendor-parts.js';
import inventoryAssets from './0200-inventory-assets.js';
import segmentation from './0400-segmentation.js';
import segmentationTriage from './0402-segmentation-triage.js';
import segmentationCheckOrder from './0403-segmentation-check-order.js';
import apiAuth from './0300-api-auth.js';
import apiListIndexes from './0301-api-list-indexes.js';
import apiSearchFts from './0302-api-search-fts.js';
import apiListGeneration from './0303-api-list-generation.js';
import apiListSortIndexes from './0320-api-list-sort-indexes.js';
import apiSearchBatches from './0321-api-search-batches.js';
import apiDashboard from './0304-api-dashboard.js';
import apiDashboardAggregates from './0305-api-dashboard-aggregates.js';
import authSetupToken from './0310-auth-setup-token.js';
import authSecrets from './0311-auth-secrets.js';
import authOidc from './0312-auth-oidc.js';

export interface Migration {
  readonly id: string;
  readonly sql: string;
  /** Rewrites what SQL alone cannot (keys computed in code), in the same transaction, after `sql`. */
  readonly after?: (db: Db) => void;
}

export const migrations: readonly Migration[] = [core, publicScope, findingKeyIndexes, hostNotProbed, vulnFeeds, vulnSboms, vulnTrust, vulnTriage, vulnUnanalysed, vulnIndexCriteria, inventoryAssets, segmentation,
  vulnCveConfig,
  vulnAdvisoryChildIndexes,
  vulnPgpKeys,
  vulnSbomIds,
  vulnConfigsOnce,
  vulnVexProposals,
  vulnCsafVendorKeys,
  vulnCsafVendorParts,
  apiAuth,
  apiListIndexes,
  apiSearchFts,
  apiListGeneration,
  apiListSortIndexes,
  apiSearchBatches,
  apiDashboard,
  apiDashboardAggregates,
  authSetupToken,
  authSecrets,
  authOidc,
  segmentationTriage,
  segmentationCheckOrder];
