import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';

/**
 * CORS for browser-based CDS clients (CDS Hooks §CORS), from configured origins only. Requests
 * without an Origin header (EHR servers calling server-to-server, the usual case) skip the CORS
 * middleware: it has nothing to add for them, and Hono's cors appends `Vary: Origin` after the
 * handler, which rebuilds the finished response (~5% of a hook call's CPU). They get the same
 * `Vary: Origin` set up front instead, so caches still key on the origin.
 */
export function cors(origins: string[]): MiddlewareHandler {
  const browser = honoCors({
    origin: origins,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept'],
    maxAge: 600,
  });
  return async (c, next) => {
    if (c.req.header('origin') !== undefined) return browser(c, next);
    c.header('Vary', 'Origin');
    await next();
  };
}
