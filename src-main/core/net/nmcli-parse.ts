// nmcli machine output: `-t` (terse) escapes ':' as '\:' and '\' as '\\' inside fields;
// `-g` prints bare values, several values of one field joined by " | " (nmcli(1) "OPTIONS").

/** Split one terse line into fields, undoing nmcli's escaping. */
export function splitNmcliTerse(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
    } else if (c === ':') {
      fields.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  fields.push(cur);
  return fields;
}

export interface NmDevice {
  device: string;
  type: string;
  state: string;
  connection: string;
}

/** `nmcli -t -f DEVICE,TYPE,STATE,CONNECTION device`. */
export function parseNmcliDevices(text: string): NmDevice[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      const [device, type, state, connection] = splitNmcliTerse(l);
      return device && type !== undefined && state !== undefined ? [{ device, type, state, connection: connection ?? '' }] : [];
    });
}

/** `nmcli -t -f RUNNING general` prints "running" while NetworkManager runs. */
export function parseNmcliRunning(text: string): boolean {
  return text.trim().split('\n')[0]?.trim() === 'running';
}

/** `nmcli -g <FIELD> ...`: values of one field, split on " | " and newlines. */
export function parseNmcliValues(text: string): string[] {
  return text
    .split(/\n| \| /)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `nmcli -t -f NAME,UUID,TYPE,DEVICE connection show`. */
export function parseNmcliConnections(text: string): { name: string; uuid: string; type: string; device: string }[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      const [name, uuid, type, device] = splitNmcliTerse(l);
      return name !== undefined && uuid ? [{ name, uuid, type: type ?? '', device: device ?? '' }] : [];
    });
}
