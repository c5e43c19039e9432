// The shell: every screen reachable by a named button, the current one marked, and the web client's
// token handling (taken from the URL once, kept for reloads, removed from the address bar).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import App from '../../../src-renderer/src/App.svelte';
import { takeToken } from '../../../src-renderer/src/lib/web-client.js';
import { barsFor } from '../../../src-renderer/src/lib/format.js';
import { createService } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { AppState } from '../../../src-renderer/src/lib/app.svelte.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

afterEach(() => cleanup());

describe('App shell', () => {
  it('offers every screen by name and marks the current one', async () => {
    const service = createService(createDemoEnv({ scenario: 'seed', version: 't', timings: TEST_TIMINGS }));
    try {
      render(App, { props: { app: new AppState(service) } });
      const nav = screen.getByRole('navigation', { name: 'Screens' });
      const names = ['Modem', 'Mode', 'Carrier & APN', 'Connection', 'Doctor', 'AT console', 'Settings'];
      for (const name of names) expect(screen.getByRole('button', { name })).toBeTruthy();
      expect(nav.querySelector('[aria-current="page"]')!.textContent).toBe('Modem');
      await screen.findByRole('article', { name: /SIM7600/ }, { timeout: 5000 });
      await fireEvent.click(screen.getByRole('button', { name: 'Doctor' }));
      expect(screen.getByRole('button', { name: 'Doctor' }).getAttribute('aria-current')).toBe('page');
      expect(screen.getByRole('button', { name: 'Run diagnostics' })).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Export report' })).toBeTruthy();
      // Every control on every screen has an accessible name.
      for (const name of names) {
        await fireEvent.click(screen.getByRole('button', { name }));
        for (const el of document.querySelectorAll('button, input, select')) {
          const labelled = el.getAttribute('aria-label') || el.textContent?.trim() || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label');
          expect(labelled, `${name}: ${el.outerHTML.slice(0, 80)}`).toBeTruthy();
        }
      }
    } finally {
      await service.close();
    }
  });
});

describe('takeToken', () => {
  it('moves the token from the URL to sessionStorage and keeps it for reloads', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#h');
    expect(takeToken()).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#h');
    window.history.replaceState(null, '', '/');
    expect(takeToken()).toBe('abc123');
    sessionStorage.clear();
    expect(takeToken()).toBeNull();
  });
});

describe('barsFor', () => {
  it.each([
    [null, 0],
    [-51, 4],
    [-65, 4],
    [-70, 3],
    [-85, 2],
    [-95, 1],
    [-113, 0],
  ])('%s dBm -> %s bars', (dBm, n) => {
    expect(barsFor(dBm)).toBe(n);
  });
});
