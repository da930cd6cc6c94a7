/**
 * The scan engine's identity-resolution hook (ScanDeps.resolveAsset): links a scanned host to an inventory asset
 * by MAC, AE title, hostname and address (creating an asset for a device never seen), records an inferred role,
 * and appends one `inventory.declared` observation to the host so rules can compare declarations with the wire.
 * With SBOMs to read, it also hands the engine the device as the inventory names it and the software the SBOMs list
 * for the asset and its model, to be matched against the feeds like what the scan identified. Sends nothing on the
 * network.
 */
import { basename } from 'node:path';
import type { Clock, Ids } from '../core/clock.js';
import type { Observation } from '../core/observation.js';
import type { ResolvedAsset, ScanDeps } from '../scan/run.js';
import type { InventoryStore } from '../store/sqlite/inventory-store.js';
import { foldModel, modelNamesOf, SbomStore, type StoredSbom } from '../store/sqlite/vuln-sbom-store.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import type { DeskSubject } from '../scan/desk.js';
import type { DeskAsset, ReassessOptions } from '../scan/reassess.js';
import type { KnownSoftware } from '../scan/vulns.js';
import type { InventoryAsset } from './asset.js';
import { inventoryDeclared, type DeclaredFacts, type SupportEnd } from '../rules/inventory/declared.js';
import type { DeviceModelRecord } from './device-model.js';
import { osSupport } from './os-lifecycle.js';
import { inferRole, profileFor } from './roles.js';

export interface ResolverOptions {
  readonly clock: Clock;
  readonly ids: Ids;
  /** Recorded in the asset history, e.g. 'scan'. */
  readonly source?: string;
  /** How far ahead end-of-support-soon looks (days). */
  readonly horizonDays?: number;
  /** Where the SBOMs of assets and models are; without it, no SBOM findings. */
  readonly sboms?: SbomStore;
}

export const DEFAULT_HORIZON_DAYS = 365;

interface AssocData {
  readonly outcome?: string;
  readonly calledAe?: string;
  readonly calledAeSource?: string;
}

/** AE titles the device answered to: accepted called AEs that were not made up by us (random ones prove nothing). */
export function aeTitlesSeen(observations: readonly Observation[]): string[] {
  return [
    ...new Set(
      (observations.filter((o) => o.kind === 'dicom.association') as Array<Observation<string, AssocData>>)
        .filter((o) => o.data.outcome === 'accepted' && o.data.calledAeSource !== 'random' && o.data.calledAe)
        .map((o) => o.data.calledAe!.trim()),
    ),
  ];
}

export function inventoryResolver(store: InventoryStore, opts: ResolverOptions): NonNullable<ScanDeps['resolveAsset']> {
  return (seen) => {
    // Small scans keep dead addresses too; a silent address is no device: link a known asset, create nothing,
    // and declare nothing (every declared port would read as closed).
    if (!seen.alive && seen.probed !== false) {
      const known = store.find(seen.address);
      return known ? { assetId: known.id, criticality: known.criticality, zone: known.zone } : null;
    }
    const at = opts.clock.now().toISOString();
    let assetId: string;
    let inferred: ReturnType<typeof inferRole> = null;
    if (seen.probed === false) {
      // Held back by the do-not-probe list: a known asset is judged on what the inventory and its SBOMs say, and
      // nothing is recorded of it (it was not seen).
      const known = store.find(seen.address);
      if (!known) return null;
      assetId = known.id;
    } else {
      const openPorts = [...new Set(seen.observations.map((o) => o.endpoint.port))];
      inferred = inferRole(seen.observations, openPorts);
      assetId = store.upsert(
        {
          macs: seen.mac ? [seen.mac] : [],
          hostnames: seen.hostnames,
          addresses: [seen.address],
          aeTitles: aeTitlesSeen(seen.observations),
          ...(inferred ? { role: inferred.role, roleSource: inferred.source } : {}),
        },
        opts.source ?? 'scan',
        at,
        'scan',
      ).assetId;
    }
    const asset = store.get(assetId)!;
    const model = asset.modelId ? store.model(asset.modelId) : null;
    const facts = declaredFacts(asset, model, inferred, opts.horizonDays ?? DEFAULT_HORIZON_DAYS);
    const declared: Observation = {
      id: opts.ids.next('obs'),
      endpoint: { host: seen.address, port: 0, transport: 'tcp' },
      kind: inventoryDeclared.kind,
      probeId: 'inventory.resolve',
      observedAt: at,
      data: facts,
    };
    const software = opts.sboms && knownSoftwareOf(asset, opts.sboms);
    const resolved: ResolvedAsset = {
      assetId, criticality: asset.criticality, zone: asset.zone, observations: [declared], models: modelNamesOf(asset),
      ...(software ? { software, softwareObservation: declared.id } : {}),
    };
    return resolved;
  };
}

/**
 * What the desk re-assessment needs of the inventory: each asset's facts and SBOMs today, and the devices that no
 * scan has probed (by the asset or any of its addresses), to be judged at the desk (scan/desk.ts). A device the
 * inventory lists without an address (a portable unit on DHCP, a spare) is keyed by its asset id instead.
 */
export function inventoryForReassessment(inventory: InventoryStore, scans: SqliteScanStore, clock: Clock, ids: Ids): Pick<ReassessOptions, 'assetOf' | 'unprobed'> {
  const sboms = new SbomStore(scans.db);
  const probed = scans.probed();
  const subjects: DeskSubject[] = [];
  for (const a of inventory.eachAsset())
    if (!probed.assets.has(a.id) && !a.addresses.some((x) => probed.addresses.has(x)))
      subjects.push({ assetId: a.id, address: a.addresses[0] ?? a.id }); // the address seen last
  return {
    assetOf: deskAssets(inventory, sboms),
    unprobed: { subjects, resolveAsset: inventoryResolver(inventory, { clock, ids, sboms, source: 'desk' }), ids },
  };
}

/** What a desk re-assessment weighs of an asset today: its criticality, model names and SBOMs on file. */
export function deskAssets(store: InventoryStore, sboms: SbomStore): (assetId: string) => DeskAsset | null {
  return (id) => {
    const asset = store.get(id);
    return asset && { criticality: asset.criticality, models: modelNamesOf(asset), software: knownSoftwareOf(asset, sboms) };
  };
}

/**
 * What a device is known to run without a scan: the device itself as the inventory names it (manufacturer, model,
 * software version: what CISA's medical advisories name, with no CPE or purl), then its SBOMs and its model's.
 */
export function knownSoftwareOf(asset: InventoryAsset, sboms: SbomStore): KnownSoftware[] {
  const device = inventoryDevice(asset);
  return [...(device ? [device] : []), ...sboms.forAsset(asset).map(knownSoftware)];
}

/**
 * The device as the inventory names it, matched by name against advisories. Devices of one manufacturer, model and
 * software version share the key, so a fleet's pumps are matched once.
 */
export function inventoryDevice(asset: Pick<InventoryAsset, 'manufacturer' | 'model' | 'softwareVersion'>): KnownSoftware | undefined {
  const vendor = asset.manufacturer?.trim();
  const model = asset.model?.trim();
  if (!vendor || !model) return undefined;
  const version = asset.softwareVersion?.trim() || undefined;
  return {
    key: `inventory:${foldModel(vendor)}/${foldModel(model)}@${version ?? ''}`,
    source: `the inventory: ${vendor} ${model}, software ${version ?? 'version unknown'}`,
    components: [{ id: 'device', kind: 'device', vendor, name: model, ...(version ? { version } : {}), cpes: [], source: 'inventory' }],
  };
}

export function knownSoftware(s: StoredSbom): KnownSoftware {
  return {
    key: `sbom-${s.id}`,
    source: `SBOM ${s.id} of ${s.assetId !== undefined ? 'this asset' : `model "${s.model}"`} (${basename(s.path)}, imported ${s.importedAt.slice(0, 10)})`,
    ...(s.model !== undefined ? { model: s.model } : {}),
    components: s.components,
  };
}

export function declaredFacts(
  asset: InventoryAsset,
  model: DeviceModelRecord | null,
  inferred: ReturnType<typeof inferRole>,
  horizonDays: number,
): DeclaredFacts {
  const role = asset.role ?? model?.role ?? null;
  const roleSource = asset.role ? asset.roleSource : model?.role ? 'declared' : null;
  const usable = role && (roleSource === 'declared' || roleSource === 'inferred-dicom');
  const profile = usable ? profileFor(role) : null;
  const ends: SupportEnd[] = [];
  const deviceEnd = asset.endOfSupport ?? model?.endOfSupport ?? null;
  if (deviceEnd) ends.push({ what: 'device', date: deviceEnd, source: asset.endOfSupport ? 'inventory' : 'model catalog' });
  const os = asset.os ?? model?.os ?? null;
  const osEnd = os ? osSupport(os) : null;
  if (osEnd) ends.push({ what: osEnd.product, date: osEnd.endOfSupport, source: osEnd.source });
  const tcp = model?.ports.filter((p) => p.protocol === 'tcp') ?? [];
  return {
    assetId: asset.id,
    name: asset.name,
    manufacturer: asset.manufacturer,
    model: asset.model,
    role,
    roleSource,
    roleEvidence: roleSource === 'declared' ? (asset.role ? 'inventory' : 'device-model catalog') : (inferred?.evidence ?? null),
    declaredPorts:
      model && model.ports.length
        ? model.ports.map(({ port, protocol, service, purpose }) => ({
            port,
            protocol,
            ...(service ? { service } : {}),
            ...(purpose ? { purpose } : {}),
          }))
        : null,
    declaredPortsSource: tcp.length ? [...new Set(model!.ports.map((p) => p.source))].join(', ') : null,
    profile: profile ? { name: profile.name, ports: profile.ports.map((p) => p.port) } : null,
    roleEvidencePorts: roleSource === 'inferred-dicom' ? (inferred?.ports ?? []) : [],
    supportEnds: ends,
    horizonDays,
    softwareVersion: asset.softwareVersion,
    latestVersion: model?.latestVersion ?? null,
    removableMedia: asset.removableMedia,
    autorun: asset.autorun,
  };
}
