import type { Component } from '../component.js';

/** A device as an inventory names it: manufacturer, model and (when known) software version; no CPE, no purl. */
export const inventoryDevice = (vendor: string, name: string, version?: string): Component => ({
  id: 'device',
  kind: 'device',
  vendor,
  name,
  ...(version ? { version } : {}),
  cpes: [],
  source: 'inventory',
});
