/**
 * A worker thread running a module of this directory: the compiled .js in a build. Running from source (tsx,
 * vitest) the module is .ts, and Node 20 does not pass a loader to worker threads, so a small script registers tsx
 * (a devDependency, present exactly when running from source) inside the worker before importing it.
 */
import { Worker } from 'node:worker_threads';

export function moduleWorker(name: string, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  const src = JSON.stringify(new URL(`./${name}.ts`, import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((t) => t.register()).then(() => import(${src}))`, { eval: true, workerData });
}
