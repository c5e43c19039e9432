// The shipped polkit action, sudoers line and udev rule must name the helper's fixed path and
// match what the code renders.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderUdevRule, UDEV_RULE_NAME } from '../../../src-main/core/net/config-render.js';
import { HELPER_INSTALL_PATH } from '../../../src-main/core/net/verbs.js';

const res = (p: string) => readFile(new URL(`../../../resources/${p}`, import.meta.url), 'utf8');

describe('shipped privileged resources', () => {
  it('polkit action exec.path names the helper', async () => {
    const xml = await res('polkit/io.github.simhat.net-helper.policy');
    expect(xml).toContain(`<annotate key="org.freedesktop.policykit.exec.path">${HELPER_INSTALL_PATH}</annotate>`);
    expect(xml).toMatch(/<allow_active>auth_admin(_keep)?<\/allow_active>/);
  });
  it('sudoers allows only the helper path', async () => {
    const lines = (await res('polkit/simhat-net-helper.sudoers')).split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([`%netdev ALL=(root) NOPASSWD: ${HELPER_INSTALL_PATH}`]);
  });
  it('udev rule file equals the rendered rule', async () => {
    expect(await res(`udev/${UDEV_RULE_NAME}`)).toBe(renderUdevRule(HELPER_INSTALL_PATH));
  });
});
