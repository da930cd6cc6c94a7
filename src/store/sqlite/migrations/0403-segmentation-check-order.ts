/**
 * The report and GET /api/segmentation read the newest segmentation check (of a source) on every request: an index
 * on time keeps that one row read, instead of sorting every stored check with its result JSON.
 */
import type { Migration } from './index.js';

export default {
  id: '0403-segmentation-check-order',
  sql: `
CREATE INDEX segmentation_checks_by_at ON segmentation_checks(at);
CREATE INDEX segmentation_checks_by_source_at ON segmentation_checks(source, at);
`,
} satisfies Migration;
