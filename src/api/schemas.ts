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
 * How a list's `total` was obtained. 'counted' and 'cached' are exact: 'cached' is the count of an earlier
 * identical request, reused because nothing it counts has been written since. 'estimated' is not exact: a large
 * total counted before the latest writes (e.g. while a scan is adding findings), recounted within seconds.
 */
export const totalSource = {
  type: 'string',
  enum: ['counted', 'cached', 'estimated'],
  description:
    "'counted' for this request, or 'cached': the same exact count from an identical earlier request, nothing written since; " +
    "'estimated': NOT exact, a large total counted before the latest writes (recounted within seconds) — show it as approximate",
} as const;

/** Keyset pagination of the big lists (assets, findings): the `nextCursor` of one page asks for the next. */
export const cursorQuery = {
  cursor: {
    type: 'string',
    minLength: 1,
    maxLength: 1000,
    description: "The previous page's nextCursor, with the same sort and order (other filters may change); 400 when it is not one",
  },
} as const;
export const BAD_CURSOR = 'cursor is not a nextCursor of this list for this sort and order; start again without it';
export const nextCursor = {
  type: ['string', 'null'],
  description: 'Opaque; pass as `cursor` for the page after this one (same sort and order); null on the last page',
} as const;

/** The response of a big list (assets, findings): one page of items, the total and how it was got, the next cursor. */
export const listPage = <Items extends object>(items: Items) =>
  ({
    type: 'object',
    properties: { total: { type: 'integer' }, totalSource, items: { type: 'array', items }, nextCursor },
    required: ['total', 'totalSource', 'items', 'nextCursor'],
  }) as const;
