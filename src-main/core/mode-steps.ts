// The steps of a USB mode switch (issue 6) in the order a switch goes through them, with their labels:
// one table for every face (the service's progress, the CLI's lines).
export const MODE_STEP_LABELS = {
  checked: 'Checked the current mode',
  'command-sent': 'Switch command sent',
  'left-bus': 'Modem left the USB bus (rebooting)',
  back: 'Modem back in the new mode',
  'at-answering': 'AT port answering',
  'sim-ready': 'SIM ready',
  'iface-present': 'Network interface present',
  done: 'Done',
} as const;

export type ModeStep = keyof typeof MODE_STEP_LABELS;

export const MODE_STEP_ORDER = Object.keys(MODE_STEP_LABELS) as ModeStep[];
