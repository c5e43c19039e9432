// The HTTP side of `simhat serve` (issue 7, hardened in issue 15): security headers on every answer,
// the request checked (target, Host, token, method), the session cookie set, and only regular files
// inside the static root served (./static-files.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenCookieName, requestUrl, type Access } from './access.js';
import { readStaticFile } from './static-files.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The token is in the first URL: never let it leave in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

/** Answers one HTTP request of the web face. */
export async function handleHttp(access: Access, staticRoot: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  securityHeaders(res);
  const url = requestUrl(req);
  if (!url) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request\n');
    return;
  }
  if (!access.hostAllowed(req)) {
    res.writeHead(421, { 'Content-Type': 'text/plain' }).end('misdirected request\n');
    return;
  }
  if (!access.authorized(req, url)) {
    res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('401 token required: open the URL printed by `simhat serve`.\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  // Keep the session on reloads without the token in the URL: a same-site, script-invisible cookie.
  res.setHeader('Set-Cookie', `${tokenCookieName(access.port)}=${access.token}; Path=/; HttpOnly; SameSite=Strict`);
  const file = await readStaticFile(staticRoot, url.pathname);
  if (file.status !== 200) {
    res.writeHead(file.status, { 'Content-Type': 'text/plain' }).end(file.status === 400 ? 'bad request\n' : 'not found\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
