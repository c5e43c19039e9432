// Api methods of the application itself: what it is, cancelling operations, settings and logs.
import { settingsErrors } from '../api/settings-rules.js';
import { apnDataAttributions, type DataAttribution } from '../core/apn/attribution.js';
import type { Impl, Parts } from './parts.js';

type AppMethods = Pick<Impl, 'appInfo' | 'cancel' | 'getSettings' | 'validateSettings' | 'updateSettings' | 'getLogs' | 'openExternal'>;

export function appMethods(p: Parts): AppMethods {
  /** The About text's APN data sources and licenses (issue 13), with the shipped MBPI version when it loads. */
  function apnData(): DataAttribution[] {
    try {
      return apnDataAttributions(p.env.apn().db.source);
    } catch {
      return apnDataAttributions();
    }
  }

  return {
    async appInfo() {
      return { version: p.env.version, platform: p.env.platform, demo: p.env.demo, daemon: p.env.daemon ?? null, apnData: apnData() };
    },

    async cancel({ opId }) {
      return { cancelled: p.ops.cancel(opId) };
    },

    async getSettings() {
      await p.settings.loaded;
      return p.settings.info();
    },

    async validateSettings({ settings: patch }) {
      const errors = settingsErrors(patch);
      return { ok: errors.length === 0, errors };
    },

    async updateSettings({ settings: patch }) {
      const info = await p.settings.update(patch);
      p.events.log('info', 'settings', `settings saved: ${Object.keys(patch).join(', ')}`);
      return info;
    },

    async getLogs({ limit }) {
      return p.events.recent(limit ?? 200);
    },

    async openExternal() {
      // Only the Electron shell can open a browser; it overrides this with its allow-list.
      return { opened: false };
    },
  };
}
