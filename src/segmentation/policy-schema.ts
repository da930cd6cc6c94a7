/**
 * The JSON Schema (draft 2020-12) of a zone policy file, for editors and CI linting (`radguard zones schema`).
 * `validatePolicy` checks the same shape by hand so its messages can name the zone and field at fault, and
 * adds what a schema cannot say: overlapping CIDR blocks, unknown zone names, services that do not exist.
 */
export const POLICY_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://radguard.dev/schemas/zone-policy-v1.json',
  title: 'Radguard zone policy',
  type: 'object',
  required: ['version', 'zones'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    site: { type: 'string' },
    zones: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'purpose'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' },
          purpose: { enum: ['imaging', 'pacs', 'office', 'vendor', 'outside', 'other'] },
          cidrs: { type: 'array', items: { type: 'string' } },
          description: { type: 'string' },
        },
      },
    },
    allow: {
      type: 'array',
      items: {
        type: 'object',
        required: ['from', 'to'],
        additionalProperties: false,
        properties: {
          from: { type: 'string' },
          to: { type: 'string' },
          services: { type: 'array', items: { type: 'string' } },
          ports: { type: 'array', items: { anyOf: [{ type: 'integer', minimum: 1, maximum: 65535 }, { type: 'string', pattern: '^(tcp/|udp/)?\\d+(-\\d+)?$' }] } },
          hosts: { type: 'array', items: { type: 'string' } },
          description: { type: 'string' },
        },
      },
    },
    egressTargets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['address'],
        additionalProperties: false,
        properties: {
          address: { type: 'string' },
          ports: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 } },
          label: { type: 'string' },
        },
      },
    },
  },
} as const;
