/**
 * Runs one probe against one endpoint and turns the outcome into a check plus stamped observations. A NetError
 * thrown by the probe (timeout, reset, blocked …) becomes the matching status; any other exception is a bug and
 * becomes status 'error' with its message, so one broken probe never aborts a scan.
 */
import type { Check } from '../core/check.js';
import type { Ids } from '../core/clock.js';
import type { Endpoint } from '../core/endpoint.js';
import { errorMessage } from '../core/errors.js';
import type { Observation } from '../core/observation.js';
import { NetError, checkStatusOf } from '../net/errors.js';
import type { Probe, ProbeContext } from './probe.js';

export interface ProbeResult {
  readonly check: Check;
  readonly observations: readonly Observation[];
}

export async function runProbe<O>(
  probe: Probe<O>,
  target: Endpoint,
  ctx: ProbeContext<O>,
  ids: Ids,
): Promise<ProbeResult> {
  const started = performance.now();
  let status: Check['status'];
  let detail: string | undefined;
  let drafts: Awaited<ReturnType<Probe<O>['run']>>['observations'] = [];
  try {
    const outcome = await probe.run(target, ctx);
    status = outcome.status;
    detail = outcome.detail;
    drafts = outcome.observations;
  } catch (e) {
    if (e instanceof NetError) {
      status = checkStatusOf(e.code);
      detail = e.message;
    } else {
      status = 'error';
      detail = `probe ${probe.id} failed: ${errorMessage(e)}`;
    }
  }
  const observedAt = ctx.clock.now().toISOString();
  const observations = drafts.map(
    (d): Observation => ({
      id: ids.next('obs'),
      endpoint: d.endpoint ?? target,
      kind: d.kind,
      probeId: probe.id,
      observedAt,
      data: d.data,
    }),
  );
  return {
    check: {
      probeId: probe.id,
      host: target.host,
      port: target.port,
      status,
      ...(detail !== undefined ? { detail } : {}),
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    },
    observations,
  };
}
