// Window hardening of the Electron face (Electron security checklist, docs tutorial/security.md):
// navigation and new windows denied, <webview> refused, permission requests denied, external links
// opened only for allow-listed https URLs, and a strict CSP header on everything the app loads.
import type { Session, WebContents } from 'electron';

/** Hosts the app may open in the user's browser (docs, the APN database's upstream, issue trackers). */
export const EXTERNAL_ALLOW_LIST: readonly string[] = ['github.com', 'gitlab.gnome.org', 'www.simcom.com', 'www.electronjs.org'];

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Only https, only allow-listed hosts, no credentials or odd ports. */
export function isAllowedExternal(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && EXTERNAL_ALLOW_LIST.includes(url.hostname);
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Applied to every WebContents the app creates (app 'web-contents-created'). */
export function hardenContents(contents: ContentsLike, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) openExternal(url);
    return { action: 'deny' };
  });
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}
