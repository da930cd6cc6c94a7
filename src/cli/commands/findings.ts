/**
 * `radguard findings list|show|remediate|resolve|accept|false-positive|reopen`: triage on the one finding state
 * machine. Every step is recorded in the finding's history with who did it and why.
 */
import type { Command } from 'commander';
import { randomIds, systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import {
  FINDING_STATES,
  hostLabel,
  VEX_JUSTIFICATIONS,
  vexStatus,
  type FindingState,
  type TriageAction,
  type VexJustification,
} from '../../core/finding.js';
import { envelope } from '../../report/model.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SqliteSegmentationStore } from '../../store/sqlite/segmentation-store.js';
import { severityLabel } from '../../report/table.js';
import { action, emit, globals, whoami, withStore, type CommandModule } from '../command.js';
import { deviceNames } from '../device-names.js';

/** Segmentation findings (ADR 0400) are triaged on the same state machine, in their own store. */
const withSegmentation = <T>(cmd: Command, fn: (seg: SqliteSegmentationStore) => T, readonly: boolean): T => {
  const seg = SqliteSegmentationStore.open(globals(cmd).db, { readonly });
  try {
    return fn(seg);
  } finally {
    seg.close();
  }
};

export const findingsCommand: CommandModule = {
  register(program, io, setExit) {
    const findings = program.command('findings').description('Findings across scans and their triage');

    findings
      .command('list')
      .description('List findings with their current state')
      .option('--state <state>', `only this state (${FINDING_STATES.join(', ')})`)
      .option('--host <address>', 'only this host')
      .option('--asset <ref>', 'only this device, at any of its addresses or without one (id, serial, MAC, AE title, hostname or address)')
      .option('--rule <id>', 'only this rule: vulnerability-needs-review lists the matches a person must decide; known-vulnerability, or any id of radguard rules list')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (opts: { state?: string; host?: string; asset?: string; rule?: string }, cmd: Command) => {
          if (opts.state && !(FINDING_STATES as readonly string[]).includes(opts.state))
            throw new UsageError(`unknown state "${opts.state}" (${FINDING_STATES.join(', ')})`);
          withStore(
            cmd,
            (store) => {
              // A device's findings are kept under its asset id whatever address they were seen at (under an address
              // when the inventory did not know the device yet).
              const device = opts.asset === undefined ? undefined : new InventoryStore(store.db, randomIds).find(opts.asset);
              if (opts.asset !== undefined && !device) throw new UsageError(`no asset matches "${opts.asset}"`);
              const state = opts.state as FindingState | undefined;
              const list = store.findings({ state, host: opts.host, ruleId: opts.rule, ...(device ? { subjects: [device.id, ...device.addresses] } : {}) });
              const names = deviceNames(store.db, list);
              // Second source: zone-policy findings live in their own tables (ADR 0400); triage them there. Of a
              // device: those to its addresses.
              const segOf = (seg: SqliteSegmentationStore) =>
                device ? device.addresses.flatMap((host) => seg.findings({ state, host })) : seg.findings({ state, host: opts.host });
              const segList = withSegmentation(cmd, segOf, true).filter((f) => (!opts.rule || f.ruleId === opts.rule) && (!opts.host || f.host === opts.host));
              emit(
                io,
                globals(cmd),
                {
                  ...envelope('finding-list', systemClock.now().toISOString()),
                  findings: list.map((f) => ({ ...f, vex: vexStatus(f.state) })),
                  segmentationFindings: segList.map((f) => ({ ...f, vex: vexStatus(f.state) })),
                },
                () =>
                  (list.length === 0
                    ? `No findings${opts.rule ? ` of rule ${opts.rule}` : ''}.\n`
                    : list
                        .map(
                          (f) =>
                            `${f.key}  ${severityLabel(f.severity, false)} ${f.state.padEnd(15)} ${hostLabel(f, names.get(f.subject))}${f.port === null ? '' : `:${f.port}`}  ${f.ruleId}: ${f.title}`,
                        )
                        .join('\n') + '\n') +
                  (segList.length
                    ? `\nSegmentation findings (zone policy; source: radguard segmentation check / traffic import):\n${segList
                        .map((f) => `${f.key}  ${severityLabel(f.severity, false)} ${f.state.padEnd(15)} ${f.fromZone} → ${f.host}${f.port ? `:${f.port}` : ''}  ${f.ruleId}: ${f.title}\n`)
                        .join('')}`
                    : ''),
              );
            },
            { readonly: true },
          );
        }),
      );

    findings
      .command('show')
      .description('One finding: evidence, remediation and its history')
      .argument('<key>', 'finding key')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (key: string, _o: unknown, cmd: Command) => {
          withStore(
            cmd,
            (store) => {
              const f = store.finding(key);
              if (!f) {
                const sf = withSegmentation(cmd, (seg) => {
                  const found = seg.finding(key);
                  return found && { finding: found, history: seg.history(key) };
                }, true);
                if (!sf) throw new UsageError(`no finding with key ${key}`);
                const { finding: g, history: h } = sf;
                emit(io, globals(cmd), { ...envelope('finding', systemClock.now().toISOString()), segmentationFinding: { ...g, vex: vexStatus(g.state) }, history: h }, () =>
                  [
                    `${g.ruleId}: ${g.title}  (segmentation finding, from ${g.source})`,
                    `zone ${g.fromZone} → ${g.host}${g.port ? `:${g.port}` : ''} in zone ${g.toZone}   severity ${g.severity}   state ${g.state} (VEX ${vexStatus(g.state)})`,
                    `evidence: ${g.evidence}`,
                    `remediation: ${g.remediation}`,
                    `first seen ${g.firstSeen}, last seen ${g.lastSeen}`,
                    'history:',
                    ...h.map((e) => `  ${e.at}  ${e.from ?? '-'} → ${e.to}  by ${e.actor}${e.note ? `: ${e.note}` : ''}`),
                  ].join('\n') + '\n',
                );
                return;
              }
              const history = store.findingHistory(key);
              const name = deviceNames(store.db, [f]).get(f.subject);
              emit(
                io,
                globals(cmd),
                { ...envelope('finding', systemClock.now().toISOString()), finding: { ...f, vex: vexStatus(f.state) }, history },
                () =>
                  [
                    `${f.ruleId}: ${f.title}`,
                    `host ${hostLabel(f, name)}${f.port === null ? '' : ` port ${f.port}`}   severity ${f.severity}   state ${f.state} (VEX ${vexStatus(f.state)})`,
                    `evidence: ${f.evidence}`,
                    `remediation: ${f.remediation}`,
                    `first seen ${f.firstSeen}, last seen ${f.lastSeen}`,
                    'history:',
                    ...history.map((h) => `  ${h.at}  ${h.from ?? '-'} → ${h.to}  by ${h.actor}${h.note ? `: ${h.note}` : ''}`),
                  ].join('\n') + '\n',
              );
            },
            { readonly: true },
          );
        }),
      );

    const triage = (
      name: string,
      description: string,
      build: (opts: Record<string, string | undefined>, actor: string) => TriageAction,
      extra: (c: Command) => Command = (c) => c,
    ) =>
      extra(
        findings
          .command(name)
          .description(description)
          .argument('<key>', 'finding key')
          .option('--actor <name>', 'who decides (default: the current user)')
          .option('--note <text>', 'a note for the history')
          .option('--json', 'print JSON'),
      ).action(
        action(io, setExit, (key: string, opts: Record<string, string | undefined>, cmd: Command) => {
          withStore(
            cmd,
            (store) => {
              const step = build(opts, opts.actor ?? whoami());
              const at = systemClock.now().toISOString();
              const f = store.finding(key) ? store.triage(key, step, at) : withSegmentation(cmd, (seg) => seg.triage(key, step, at), false);
              emit(
                io,
                globals(cmd),
                { ...envelope('finding', systemClock.now().toISOString()), finding: { ...f, vex: vexStatus(f.state) } },
                () => `${f.key} is now ${f.state}\n`,
              );
            },
            { readonly: false },
          );
        }),
      );

    triage('remediate', 'Mark a finding as being remediated', (o, actor) => ({ type: 'start-remediation', actor, note: o.note }));
    triage('resolve', 'Mark a finding as resolved (a later scan that sees it again reopens it)', (o, actor) => ({
      type: 'resolve',
      actor,
      note: o.note,
    }));
    triage('reopen', 'Reopen a resolved, accepted or false-positive finding', (o, actor) => ({ type: 'reopen', actor, note: o.note }));
    triage(
      'accept',
      'Accept the risk until a date, with a reason and an approver',
      (o, actor) => {
        if (!o.reason || !o.approver || !o.until) throw new UsageError('accept needs --reason, --approver and --until DATE');
        if (Number.isNaN(Date.parse(o.until))) throw new UsageError(`--until "${o.until}" is not a date (use YYYY-MM-DD)`);
        return { type: 'accept-risk', actor, reason: o.reason, approver: o.approver, expiresAt: new Date(o.until).toISOString() };
      },
      (c) =>
        c
          .option('--reason <text>', 'why the risk is accepted')
          .option('--approver <name>', 'who approved it')
          .option('--until <date>', 'when the acceptance expires'),
    );
    triage(
      'false-positive',
      'Mark as a false positive with a VEX justification',
      (o, actor) => {
        if (!o.justification || !(VEX_JUSTIFICATIONS as readonly string[]).includes(o.justification))
          throw new UsageError(`false-positive needs --justification (${VEX_JUSTIFICATIONS.join(', ')})`);
        return { type: 'false-positive', actor, justification: o.justification as VexJustification, note: o.note };
      },
      (c) => c.option('--justification <vex>', `VEX justification: ${VEX_JUSTIFICATIONS.join(', ')}`),
    );
  },
};
