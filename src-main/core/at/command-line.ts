// Splits a command line into name and form (V.250 §5.4: extended commands `AT+NAME`, with
// `?` read, `=?` test, `=<args>` write; exec otherwise). Used for timeouts and URC ownership.

export type CommandForm = 'exec' | 'read' | 'write' | 'test';

export interface CommandLineInfo {
  /** Upper-cased name with its prefix character, e.g. '+CSQ', '$QCRMCALL', or a basic command like 'I', 'E0', '' for bare AT. */
  name: string;
  form: CommandForm;
}

const EXTENDED = /^AT([+$^#*%&][A-Z0-9_]+)(=\?|\?|=.*)?$/is;

export function parseCommandLine(command: string): CommandLineInfo {
  const line = command.trim();
  const m = EXTENDED.exec(line);
  if (m) {
    const suffix = m[2] ?? '';
    const form: CommandForm = suffix === '' ? 'exec' : suffix === '?' ? 'read' : suffix === '=?' ? 'test' : 'write';
    return { name: (m[1] ?? '').toUpperCase(), form };
  }
  const basic = /^AT(.*)$/is.exec(line);
  return { name: (basic?.[1] ?? line).toUpperCase(), form: 'exec' };
}

/**
 * Refuses command lines that could smuggle a second command or break framing: every byte must be
 * printable ASCII (no CR/LF, no control characters). Returns the reason, or undefined when fine.
 */
export function commandLineProblem(command: string): string | undefined {
  if (command.length === 0) return 'the command is empty';
  if (!/^at/i.test(command)) return 'an AT command must start with "AT"';
  if (!/^[\x20-\x7e]+$/.test(command)) return 'the command may only hold printable ASCII (no CR, LF or control characters)';
  if (command.length > 556) return 'the command is longer than the 556 characters a SIM7600 accepts';
  return undefined;
}
