// Window hardening (src-main/electron/security.ts) with Electron's WebContents and Session replaced by
// doubles that record the handlers the app installs.
import { describe, expect, it } from 'vitest';
import { CSP, hardenContents, hardenSession, isAllowedExternal } from '../../../src-main/electron/security.js';

describe('isAllowedExternal', () => {
  it.each([
    ['https://github.com/simhat/simhat/issues', true],
    ['https://gitlab.gnome.org/GNOME/mobile-broadband-provider-info', true],
    ['http://github.com/', false],
    ['https://github.com.evil.example/', false],
    ['https://user:pw@github.com/', false],
    ['https://github.com:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://github.com/share', false],
    ['not a url', false],
  ])('%s -> %s', (url, ok) => {
    expect(isAllowedExternal(url)).toBe(ok);
  });
});

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, ...rest: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(name: string, fn: (event: { preventDefault(): void }) => void) {
      listeners.set(name, fn);
      return contents;
    },
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      openHandler = fn;
    },
  };
  const fire = (name: string) => {
    let prevented = false;
    listeners.get(name)?.({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('hardenContents', () => {
  it('blocks navigation, redirects and <webview>', () => {
    const f = fakeContents();
    hardenContents(f.contents as never, () => {});
    expect(f.fire('will-navigate')).toBe(true);
    expect(f.fire('will-redirect')).toBe(true);
    expect(f.fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window and hands only allow-listed https links to the browser', () => {
    const f = fakeContents();
    const opened: string[] = [];
    hardenContents(f.contents as never, (u) => opened.push(u));
    expect(f.open('https://github.com/x')).toEqual({ action: 'deny' });
    expect(f.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(f.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/x']);
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check, and adds the CSP header', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let headers: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    hardenSession({
      setPermissionRequestHandler: (fn: typeof request) => (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      webRequest: { onHeadersReceived: (fn: typeof headers) => (headers = fn) },
    } as never);
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'serial', 'usb']) request!(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(check!()).toBe(false);
    let out: Record<string, string[]> = {};
    headers!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']).toEqual([CSP]);
    expect(out['X-Other']).toEqual(['1']);
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toContain('unsafe-eval');
  });
});
