/**
 * The web console: the files Vite builds into dist/web, plus the single-page-app fallback (any other page path
 * answers index.html so a bookmarked /assets/… link works). They are public — they hold no data; everything the
 * console shows comes from the API after login — and they sit outside the route × role matrix on purpose: they are
 * answered only by the not-found handler, only for GET/HEAD, and never for a path under /api/, so an API path can
 * never fall through to a file and every API route stays behind the matrix. Only files present at start-up are
 * served (a fixed list, so no path can climb out of the folder). Hashed bundles are cached for a year, index.html
 * never (a new build must reach the browser at once).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** dist/web at the package root: the same path from src/api (tsx, tests) and from dist/api (the built CLI). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

export type ConsoleHandler = (req: FastifyRequest, reply: FastifyReply) => FastifyReply | null;

function listFiles(root: string): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue; // editor and VCS leftovers are never part of the console
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.add('/' + relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

const isBuilt = (root: string): boolean => {
  try {
    return statSync(join(root, 'index.html')).isFile();
  } catch {
    return false;
  }
};

/**
 * Registers file sending and returns the handler the not-found route calls: it answers a console request, or
 * returns null (an API path, another method, or no console built) so the caller sends the JSON 404.
 */
export async function webConsole(app: FastifyInstance, root: string | null): Promise<ConsoleHandler> {
  if (root === null || !isBuilt(root)) return () => null;
  const files = listFiles(root);
  await app.register(fastifyStatic, { root, serve: false });
  return (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?')[0]!);
    } catch {
      return null;
    }
    if (path === '/api' || path.startsWith('/api/') || path.split('/').includes('..') || path.includes('\0')) return null;
    if (files.has(path) && path !== '/index.html') {
      const hashed = path.startsWith('/assets/');
      return reply.sendFile(path.slice(1), { maxAge: hashed ? 31_536_000_000 : 0, immutable: hashed, dotfiles: 'deny' });
    }
    // A missing file (anything with an extension) is a 404; a page path is the app's own route.
    if (/\.[A-Za-z0-9]+$/.test(path)) return null;
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  };
}
