/**
 * GET /api/dashboard: the department's posture at a glance, for the caller's scope (a vendor-service account sees
 * only its devices): feed ages and warnings, the five practices (the executive report's scorecard, so the PDF and
 * the console never disagree; a practice without data says "not assessed" and why), the posture score and its
 * trend per completed scan, open findings by severity, KEV-affected devices and the end-of-support timeline.
 * The answer is kept per scope until something it shows may have changed (see DashboardQueries.fingerprint), so
 * the console's repeated loads on a 100k-device store cost one cheap fingerprint query. The first load after a
 * change counts in SQL (about 0.5 s of CPU at 100k devices / 1M findings) and lets other requests run between
 * its parts; concurrent first loads of one scope share one computation.
 */
import type { FastifyInstance } from 'fastify';
import { isScoped, type Scope } from '../../auth/roles.js';
import { executiveReport } from '../../inventory/report/executive.js';
import { participationSince } from '../../inventory/report/participation.js';
import { postureScore } from '../../inventory/report/posture.js';
import { DashboardQueries } from '../../store/sqlite/dashboard-queries.js';
import { feedWarnings } from '../../vuln/feeds/freshness.js';
import { feedStatus } from '../../vuln/index.js';
import type { ApiContext } from '../context.js';
import { principalOf } from '../context.js';
import { errors } from '../schemas.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const TREND_SCANS = 30;
const KEV_ROWS = 100;
const TIMELINE_ROWS = 50;
const YEAR_MS = 365 * 86_400_000;

const nullableString = { type: ['string', 'null'] } as const;
const severityCounts = {
  type: 'object',
  properties: Object.fromEntries(SEVERITIES.map((s) => [s, { type: 'integer' }])),
  required: [...SEVERITIES],
} as const;

const dashboardSchema = {
  type: 'object',
  properties: {
    generatedAt: { type: 'string' },
    devices: { type: 'integer', description: "devices in the caller's scope" },
    scans: { type: 'integer', description: 'finished scans that saw a device in scope' },
    feeds: {
      type: 'object',
      properties: {
        ages: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              feed: { type: 'string' },
              state: { type: 'string', enum: ['ok', 'stale', 'missing'] },
              records: { type: 'integer' },
              feedDate: { type: 'string' },
              importedAt: { type: 'string' },
              ageDays: { type: 'integer' },
              warning: { type: 'string' },
            },
            required: ['feed', 'state', 'records'],
          },
        },
        warnings: { type: 'array', items: { type: 'string' } },
      },
      required: ['ages', 'warnings'],
    },
    practices: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer', minimum: 1, maximum: 5 },
          name: { type: 'string' },
          status: { type: 'string', enum: ['assessed', 'not-assessed'] },
          rating: { type: 'string', enum: ['at-risk', 'needs-work', 'good', 'not-assessed'] },
          score: { type: ['integer', 'null'] },
          reason: nullableString,
          summary: { type: 'string' },
          counts: {
            type: 'object',
            properties: { open: { type: 'integer' }, highOrCritical: { type: 'integer' }, bySeverity: severityCounts },
            required: ['open', 'highOrCritical', 'bySeverity'],
          },
        },
        required: ['id', 'name', 'status', 'rating', 'score', 'reason', 'summary', 'counts'],
      },
    },
    postureScore: { type: ['integer', 'null'], description: '0–100; null before any scan saw a device in scope' },
    trend: {
      type: 'array',
      items: {
        type: 'object',
        properties: { scanId: { type: 'string' }, at: { type: 'string' }, score: { type: 'integer' }, devices: { type: 'integer' } },
        required: ['scanId', 'at', 'score', 'devices'],
      },
    },
    findingsBySeverity: severityCounts,
    kevDevices: {
      type: 'array',
      items: {
        type: 'object',
        properties: { assetId: nullableString, name: { type: 'string' }, cves: { type: 'array', items: { type: 'string' } } },
        required: ['assetId', 'name', 'cves'],
      },
    },
    kevDevicesTotal: { type: 'integer' },
    endOfSupport: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          assetId: { type: 'string' },
          name: { type: 'string' },
          component: { type: 'string' },
          date: { type: 'string' },
          criticality: { type: 'string' },
          status: { type: 'string', enum: ['ended', 'ending-within-a-year', 'supported'] },
        },
        required: ['assetId', 'name', 'component', 'date', 'criticality', 'status'],
      },
    },
  },
  required: [
    'generatedAt',
    'devices',
    'scans',
    'feeds',
    'practices',
    'postureScore',
    'trend',
    'findingsBySeverity',
    'kevDevices',
    'kevDevicesTotal',
    'endOfSupport',
  ],
} as const;

const bySeverity = (counts: Readonly<Record<string, number>>) =>
  Object.fromEntries(SEVERITIES.map((s) => [s, counts[s] ?? 0])) as Record<(typeof SEVERITIES)[number], number>;

/** Lets requests queued behind a long computation run (better-sqlite3 blocks the event loop while it reads). */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function buildDashboard(ctx: ApiContext, scope: Scope, now: Date) {
  const q = new DashboardQueries(ctx.store.db);
  const participation = isScoped(scope) ? null : ctx.api.participation(now.toISOString(), participationSince(now));
  const report = executiveReport(ctx.inventory, now, { scope, timelineRows: TIMELINE_ROWS, planRows: 0, topRiskRows: 0, participation });
  await breathe();
  const feeds = feedStatus(ctx.store.db, ctx.clock);
  const kev = q.kevDevices(scope, KEV_ROWS);
  const trend: Array<{ scanId: string; at: string; score: number; devices: number }> = [];
  for (const s of q.scanSeverities(scope, TREND_SCANS)) {
    await breathe();
    trend.push({ scanId: s.scanId, at: s.at, score: postureScore(s.bySeverity, s.devices), devices: s.devices });
  }
  const today = now.toISOString().slice(0, 10);
  const soon = new Date(now.getTime() + YEAR_MS).toISOString().slice(0, 10);
  return {
    generatedAt: now.toISOString(),
    devices: report.assets,
    scans: report.scans,
    feeds: { ages: feeds, warnings: feedWarnings(feeds) },
    practices: report.practices.map((p) => ({
      id: p.id,
      name: p.title,
      status: p.status === 'not-assessed' ? ('not-assessed' as const) : ('assessed' as const),
      rating: p.status,
      score: p.status === 'not-assessed' ? null : p.score !== undefined ? p.score : postureScore(p.bySeverity, report.assets),
      reason: p.status === 'not-assessed' ? p.summary.replace(/^Not assessed: /, '').replace(/\.$/, '') : null,
      summary: p.summary,
      counts: { open: p.open, highOrCritical: p.highOrCritical, bySeverity: bySeverity(p.bySeverity) },
    })),
    postureScore: report.scans === 0 ? null : postureScore(report.openBySeverity, report.assets),
    trend,
    findingsBySeverity: bySeverity(report.openBySeverity),
    kevDevices: kev.items,
    kevDevicesTotal: kev.total,
    endOfSupport: report.timeline.map((t) => ({
      assetId: t.assetId,
      name: t.label,
      component: t.what,
      date: t.date,
      criticality: t.criticality,
      status: t.date < today ? ('ended' as const) : t.date <= soon ? ('ending-within-a-year' as const) : ('supported' as const),
    })),
  };
}

const CACHE_SCOPES = 64;

export function dashboardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const cache = new Map<string, { key: string; value: Awaited<ReturnType<typeof buildDashboard>> }>();
  const computing = new Map<string, { key: string; value: ReturnType<typeof buildDashboard> }>();
  const q = new DashboardQueries(ctx.store.db);
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          "Posture of the devices in the caller's scope: practices, score and trend, severities, KEV devices, end of support, feed ages",
        response: { 200: dashboardSchema, ...errors(401, 403) },
      },
    },
    async (req) => {
      const scope = principalOf(req).scope;
      const now = ctx.clock.now();
      // feed ages and end-of-support status move with the calendar: the day is part of the key
      const key = `${q.fingerprint()}|${now.toISOString().slice(0, 10)}`;
      const id = JSON.stringify([scope.manufacturer, scope.site]);
      const hit = cache.get(id);
      if (hit && hit.key === key) return hit.value;
      const running = computing.get(id);
      if (running && running.key === key) return running.value;
      const value = buildDashboard(ctx, scope, now);
      computing.set(id, { key, value });
      try {
        const done = await value;
        // a newer computation for this scope (the data changed meanwhile) keeps the cache for itself
        if (computing.get(id)?.value === value) {
          if (cache.size >= CACHE_SCOPES) cache.delete(cache.keys().next().value!);
          cache.set(id, { key, value: done });
        }
        return done;
      } finally {
        if (computing.get(id)?.value === value) computing.delete(id);
      }
    },
  );
}
