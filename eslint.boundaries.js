// The layers' import rules (issue 10: "boundaries are lint rules, not good intentions"). Each entry is
// one folder and what it may not import; test/unit/lint/boundaries.test.ts proves each rule fires.
//   core      pure: no IO module, no other layer
//   platform  IO adapters: never the service, a face, the twin or the composition roots
//   service   the application: no face, no composition root, no twin, no concrete hardware adapter
//   faces     cli, web, electron: never platform/ (they reach hardware through the Api, built by compose/);
//             the service only as types
//   renderer  only types from the Api contract
// Exact module names (a pattern `net` would also match a folder named net/).
const IO_MODULES = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:child_process', 'child_process', 'node:net', 'net', 'node:dgram', 'dgram', 'node:http', 'node:https', 'serialport', 'usb', 'ws', 'electron'];
const FACES = ['**/cli/**', '**/web/**', '**/electron/**', '**/daemon/**'];
const ROOTS = ['**/compose/**'];

const rule = (patterns, paths = []) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns, paths }] });
const ioPaths = (message) => IO_MODULES.map((name) => ({ name, message }));

export const BOUNDARIES = [
  {
    files: ['src-main/core/**/*.ts'],
    rules: rule(
      [
        { group: ['@serialport/*'], message: 'core/ is pure: no IO (architecture.md). Put IO in platform/ behind an interface.' },
        { group: ['**/platform/**', '**/service/**', '**/twin/**', '**/api/**', ...FACES, ...ROOTS], message: 'core/ imports no other layer.' },
      ],
      ioPaths('core/ is pure: no IO (architecture.md). Put IO in platform/ behind an interface.'),
    ),
  },
  {
    files: ['src-main/platform/**/*.ts'],
    rules: rule([{ group: ['**/service/**', '**/twin/**', ...FACES, ...ROOTS], message: 'platform/ never imports the service, a face, the twin or a composition root.' }]),
  },
  {
    files: ['src-main/service/**/*.ts'],
    rules: rule(
      [
        { group: [...FACES, ...ROOTS, '**/twin/**'], message: 'The service knows no face, no composition root and no twin: they are wired in by compose/.' },
        {
          group: ['**/platform/serial/**', '**/platform/usb/**', '**/platform/net/**', '**/platform/privileged/**'],
          message: 'Concrete hardware adapters are wired by the composition roots (compose/); the service sees interfaces.',
        },
      ],
      ['serialport', 'usb'].map((name) => ({ name, message: 'Concrete hardware adapters are wired by the composition roots (compose/).' })),
    ),
  },
  {
    // `simhat twin` is the stand-in's own launcher (it runs the simulated modem), not a face of the service.
    files: ['src-main/cli/**/*.ts', 'src-main/web/**/*.ts', 'src-main/electron/**/*.ts', 'src-main/daemon/**/*.ts'],
    ignores: ['src-main/cli/commands/twin.ts'],
    rules: rule(
      [
        { group: ['**/platform/**', '**/twin/**'], message: 'A face reaches hardware only through the Api (compose/ builds the service).' },
        { group: ['**/service/**'], allowTypeImports: true, message: 'A face calls the Api; it may import the service only as types.' },
      ],
      ['serialport', 'usb'].map((name) => ({ name, message: 'A face reaches hardware only through the Api (compose/ builds the service).' })),
    ),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    rules: rule([
      {
        // Every main-process folder, and every api/ module but the contract (a negation cannot re-include a file of an excluded folder).
        group: ['**/src-main/*/**', '!**/src-main/api/**', '**/src-main/api/*', '!**/src-main/api/contract.js', '!**/src-main/api/contract'],
        message: 'The renderer reaches the main process only through the Api contract (types) and its own wire client.',
      },
      { group: ['**/src-main/api/contract.js', '**/src-main/api/contract'], allowTypeImports: true, message: 'The renderer imports only types from the Api contract.' },
    ]),
  },
];
