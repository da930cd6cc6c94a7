/**
 * `radguard vulns proposals`: a vendor account's VEX statements that would take findings out (not_affected,
 * false_positive) wait for the site (ADR 0107). Without --approve/--reject it lists them; with one, it decides those
 * selected (--cve, --scope, or --all) as the current user (--actor), and with --reassess brings the findings of the
 * devices an approval concerns up to it now.
 */
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { TriageStore, type TriageProposal } from '../../store/sqlite/vuln-triage-store.js';
import { assetsOfScopes } from '../../vuln/vex/triage.js';
import { EXIT, action, collect, emit, globals, whoami, withStore, type CliIO, type ExitCodeValue } from '../command.js';
import { renderReassessment, runReassessment } from '../reassess-run.js';

interface Options {
  cve?: string[];
  scope?: string;
  all?: boolean;
  approve?: boolean;
  reject?: boolean;
  reassess?: boolean;
  actor?: string;
}

export function registerProposals(vulns: Command, io: CliIO, setExit: (code: ExitCodeValue) => void): void {
  vulns
    .command('proposals')
    .description(
      "List a vendor's VEX statements that would take findings out, awaiting the site's approval; --approve or --reject decides them",
    )
    .option('--cve <id>', 'only proposals about this CVE; repeat for several', collect)
    .option('--scope <scope>', 'only proposals for this scope (model:NAME or asset:ID, as listed)')
    .option('--all', 'every pending proposal (with --approve or --reject)')
    .option('--approve', 'approve the selected proposals: they take effect as triage decisions')
    .option('--reject', 'reject the selected proposals: they are dropped')
    .option('--reassess', 'after approving, bring the findings of the devices concerned up to them now (no network traffic)')
    .option('--actor <name>', 'who decides (default: the current user)')
    .option('--json', 'print JSON')
    .action(
      action(io, setExit, (opts: Options, cmd: Command) => {
        if (opts.approve && opts.reject) throw new UsageError('give one of --approve and --reject');
        const deciding = opts.approve || opts.reject;
        if (deciding && !opts.all && !opts.cve && !opts.scope)
          throw new UsageError('say which proposals to decide: --cve, --scope or --all');
        if (opts.reassess && !opts.approve) throw new UsageError('--reassess goes with --approve');
        const chosen = (p: TriageProposal) => (!opts.cve || opts.cve.includes(p.cve)) && (!opts.scope || p.scope === opts.scope);
        const { selected, decided, pending } = withStore(cmd, ({ db }) => {
          const store = new TriageStore(db);
          const selected = store.proposals().filter(chosen);
          const decided = deciding ? store.decide(selected, !!opts.approve, opts.actor ?? whoami(), systemClock.now().toISOString()) : [];
          return { selected, decided, pending: deciding ? store.proposals() : selected };
        });
        if (deciding && !decided.length) throw new UsageError('no pending proposal matches (radguard vulns proposals lists them)');
        const reassessment =
          opts.reassess && decided.length
            ? runReassessment(
                cmd,
                io,
                (_store, inventory) =>
                  new Set(
                    assetsOfScopes(
                      decided.map((p) => p.scope),
                      inventory,
                    ).map((a) => a.id),
                  ),
              )
            : null;
        const verb = opts.approve ? 'Approved' : 'Rejected';
        emit(
          io,
          globals(cmd),
          { ...(deciding ? { decided, approved: !!opts.approve } : {}), pending, ...(reassessment ? { reassessment } : {}) },
          () =>
            deciding
              ? [
                  `${verb} ${decided.length} proposal(s):`,
                  ...decided.map(line),
                  `${pending.length} still pending.`,
                  ...(reassessment
                    ? renderReassessment(reassessment)
                    : opts.approve
                      ? ['They apply to findings at the next scan; radguard vulns reassess applies them now.']
                      : []),
                  '',
                ].join('\n')
              : selected.length
                ? [
                    `${selected.length} VEX statement(s) from vendors await the site's approval:`,
                    ...selected.map(line),
                    '',
                    'Decide: radguard vulns proposals --approve|--reject --cve ID | --scope SCOPE | --all',
                    '',
                  ].join('\n')
                : "No vendor VEX statement awaits the site's approval.\n",
        );
        return EXIT.ok;
      }),
    );
}

const line = (p: TriageProposal): string =>
  `  ${p.cve}  ${p.identity}  ${p.scope}: ${p.status}${p.justification ? ` (${p.justification})` : ''}  by ${p.proposedBy} ${p.decidedAt.slice(0, 10)}  [${p.source}]`;
