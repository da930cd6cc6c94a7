/** JSON schemas shared by routes: error bodies, pagination, scope. Every route declares its own on top. */
export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

export const errors = <C extends number>(...codes: C[]): Record<C, typeof errorSchema> =>
  Object.fromEntries(codes.map((c) => [c, errorSchema])) as Record<C, typeof errorSchema>;

export const scopeSchema = {
  type: 'object',
  properties: { manufacturer: { type: ['string', 'null'] }, site: { type: ['string', 'null'] } },
  required: ['manufacturer', 'site'],
} as const;

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
} as const;

/** Free-text and filter values: bounded so a query string cannot become a denial of service. */
export const text = { type: 'string', minLength: 1, maxLength: 200 } as const;

/**
 * How a list's `total` was obtained. Both are exact: 'cached' is the count of an earlier identical request, reused
 * because nothing has been written to the database since (any write empties the cache).
 */
export const totalSource = {
  type: 'string',
  enum: ['counted', 'cached'],
  description: "'counted' for this request, or 'cached': the same exact count from an identical earlier request, nothing written since",
} as const;
