/**
 * Vendor name keys now also name each company of a joint advisory ("Hillrom and ELI, Baxter International Inc." is
 * also `hillrom`, `eli` and `baxter`), fold accents (`Dräger` is `drager`) and write German umlauts out (`draeger`):
 * advisories imported before get the new keys (ADR 0109, addendum on vendor names).
 */
import { writeCsafVendorKeys } from './0112-vuln-csaf-vendor-keys.js';

export default {
  id: '0113-vuln-csaf-vendor-parts',
  sql: '',
  after: writeCsafVendorKeys,
};
