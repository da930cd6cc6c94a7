/**
 * Manual triage of segmentation findings (issue 8) on the product's one state machine: who accepted a risk, until
 * when, with which justification, and a history of every state change — manual steps and the ones a check makes.
 */
import type { Migration } from './index.js';

export default {
  id: '0402-segmentation-triage',
  sql: `
ALTER TABLE segmentation_findings ADD COLUMN accepted_reason TEXT;
ALTER TABLE segmentation_findings ADD COLUMN accepted_by TEXT;
ALTER TABLE segmentation_findings ADD COLUMN accepted_until TEXT;
ALTER TABLE segmentation_findings ADD COLUMN justification TEXT;
CREATE TABLE segmentation_finding_history (
  finding_key TEXT NOT NULL REFERENCES segmentation_findings(key) ON DELETE CASCADE,
  at TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT
);
CREATE INDEX segmentation_finding_history_by_key ON segmentation_finding_history(finding_key);
`,
} satisfies Migration;
