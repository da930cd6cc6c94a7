// Writes docs/catalog.md from the registries: `npm run catalog`.
import { writeFileSync } from 'node:fs';
import { renderCatalog } from '../src/catalog.js';

writeFileSync(new URL('../docs/catalog.md', import.meta.url), renderCatalog());
console.log('docs/catalog.md written');
