// Questions the CLI asks on a terminal: yes/no, and secrets typed without echo (the SIM PIN).
// read: npm's own prompt helper (mute-stream underneath), so no echo and line editing are not ours to get right.
import { read } from 'read';

export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where the question goes: stdout on a terminal, else stderr (with --json stdout stays one JSON document). */
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Ctrl-C at a question (the terminal is in raw mode, so it arrives here rather than as SIGINT). */
export class PromptCancelled extends Error {
  override name = 'PromptCancelled';
}

export function terminalStreams(json: boolean): PromptStreams {
  // `simhat doctor --fix | tee log` still shows its questions: they go where the user looks.
  return { input: process.stdin, output: json || !process.stdout.isTTY ? process.stderr : process.stdout };
}

/** True when there is someone to ask: the input is a terminal. */
export function canAsk(streams: PromptStreams): boolean {
  return streams.input.isTTY === true;
}

async function ask(streams: PromptStreams, prompt: string, silent: boolean): Promise<string> {
  try {
    return await read({ prompt, silent, input: streams.input, output: streams.output });
  } catch (err) {
    if ((err as Error).message === 'canceled') throw new PromptCancelled('cancelled at the prompt');
    throw err;
  }
}

/** "… [y/N]": only y or yes (any case) is a yes. */
export async function confirm(streams: PromptStreams, question: string): Promise<boolean> {
  return /^y(es)?$/i.test((await ask(streams, `${question} [y/N]`, false)).trim());
}

/** A secret typed with no echo at all (not even stars: the PIN's length stays private too). */
export async function askHidden(streams: PromptStreams, question: string): Promise<string> {
  const answer = (await ask(streams, question, true)).trim();
  // The muted terminal swallowed the Enter too: end the prompt's line ourselves.
  if (streams.output.isTTY) streams.output.write('\n');
  return answer;
}
