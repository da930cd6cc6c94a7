/** `radguard zones template|validate|show|schema`: write, check and read the zone policy file. */
import type { Command } from 'commander';
import { writeFileSync, existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { loadPolicy, PolicyError, type Policy } from '../../segmentation/policy.js';
import { POLICY_SCHEMA } from '../../segmentation/policy-schema.js';
import { vantagePlan } from '../../segmentation/targets.js';
import { POLICY_TEMPLATE } from '../../segmentation/template.js';
import { action, emit, EXIT, globals, type CommandModule } from '../command.js';

/** A broken policy is bad user input: exit 2 with every problem listed. */
export function readPolicy(path: string): Policy {
  try {
    return loadPolicy(path);
  } catch (e) {
    if (e instanceof PolicyError) throw new UsageError(e.message);
    throw e;
  }
}

const policyJson = (p: Policy) => ({
  site: p.site,
  zones: p.zones.map((z) => ({ name: z.name, purpose: z.purpose, cidrs: z.cidrs.map((c) => c.text), description: z.description })),
  allow: p.allow.map((a) => ({ from: a.from, to: a.to, ports: a.ports.map((r) => `${r.protocol}/${r.from === r.to ? r.from : `${r.from}-${r.to}`}`), hosts: a.hosts.map((h) => h.text), description: a.description })),
  egressTargets: p.egressTargets,
});

export const zonesCommand: CommandModule = {
  register(program, io, setExit) {
    const zones = program.command('zones').description('Zone policy: network zones and the flows allowed between them');

    zones
      .command('template')
      .description('Print a commented policy for a typical imaging department (or write it with -o)')
      .option('-o, --output <file>', 'write to this file (refuses to overwrite)')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) => {
          const output = globals(cmd).output; // -o is also a global option: read it wherever it was given
          if (!output) return void io.stdout.write(POLICY_TEMPLATE);
          if (existsSync(output)) throw new UsageError(`${output} exists; not overwriting it`);
          writeFileSync(output, POLICY_TEMPLATE);
          io.stdout.write(`wrote ${output}; edit the CIDR blocks, then: radguard zones validate ${output}\n`);
        }),
      );

    zones
      .command('validate')
      .description('Check a policy file: syntax, zone names, overlapping CIDR blocks, services and ports')
      .argument('<file>', 'policy file (YAML or JSON)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (file: string, _o: unknown, cmd: Command) => {
          try {
            const p = loadPolicy(file);
            emit(io, globals(cmd), { valid: true, file, zones: p.zones.length, allow: p.allow.length }, () => `${file}: valid (${p.zones.length} zones, ${p.allow.length} allowed flows)\n`);
            return EXIT.ok;
          } catch (e) {
            if (!(e instanceof PolicyError)) throw e;
            if (globals(cmd).json) io.stdout.write(`${JSON.stringify({ valid: false, file, problems: e.problems }, null, 2)}\n`);
            else io.stderr.write(`radguard: ${e.message}\n`);
            return EXIT.usage;
          }
        }),
      );

    zones
      .command('show')
      .description('Show the zones and allowed flows of a policy file')
      .argument('<file>', 'policy file')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (file: string, _o: unknown, cmd: Command) => {
          const p = readPolicy(file);
          const j = policyJson(p);
          emit(io, globals(cmd), j, () =>
            [
              ...j.zones.map((z) => `zone ${z.name.padEnd(12)} ${z.purpose.padEnd(8)} ${z.cidrs.join(', ') || '(every address in no other zone)'}`),
              ...j.allow.map((a) => `allow ${a.from} → ${a.to}: ${a.ports.join(', ')}${a.hosts.length ? ` on ${a.hosts.join(', ')}` : ''}`),
              'everything else between zones: denied',
              '',
            ].join('\n'),
          );
        }),
      );

    zones
      .command('targets')
      .description('What a scan from a vantage in one zone should cover (other zones, and only your listed egress targets)')
      .argument('<file>', 'policy file')
      .requiredOption('--from <zone>', 'the zone the scan will run from')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (file: string, opts: { from: string }, cmd: Command) => {
          const p = readPolicy(file);
          const plan = vantagePlan(p, opts.from);
          if (!plan) throw new UsageError(`no zone "${opts.from}" in ${file} (zones: ${p.zones.map((z) => z.name).join(', ')})`);
          emit(io, globals(cmd), plan, () => `${plan.command}\n`);
        }),
      );

    zones
      .command('schema')
      .description('Print the JSON Schema of the policy file (for editors and CI)')
      .action(action(io, setExit, () => void io.stdout.write(`${JSON.stringify(POLICY_SCHEMA, null, 2)}\n`)));
  },
};
