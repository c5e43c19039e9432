// Vitest setup file of the "node" project: every test FILE gets a settings folder of its own (settings,
// presets, journals, the mode-switch memory). Tests in different files run at the same time; one that saves
// a route policy (`simhat net policy`) must not change what another file's doctor judges against.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env['SIMHAT_CONFIG_DIR'] = mkdtempSync(join(tmpdir(), 'simhat-test-config-'));
