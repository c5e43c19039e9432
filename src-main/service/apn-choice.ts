// The Api's `choice` (issue 13: what the user picked from the ranked list) as the decider's own choice.
// A typed APN is checked here, before any port is touched (issue 5: nothing invalid reaches the modem).
import type { ApnChoiceParam } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { validateApplyInput, type ApnTarget } from '../core/apn/apply-plan.js';
import { AtError } from '../core/at/errors.js';
import type { ApnChoice } from './apn-decider.js';
import { toAuthChoice } from './contract-map.js';

export type DeciderChoice = Exclude<ApnChoice, { kind: 'cancel' }>;

export function deciderChoice(choice: ApnChoiceParam | undefined): DeciderChoice | undefined {
  if (!choice) return undefined;
  if (choice.kind !== 'manual') return choice;
  const s = choice.settings;
  const target: ApnTarget = { apn: s.apn, ipType: s.ipType, auth: toAuthChoice(s.auth), ...(s.username ? { username: s.username } : {}), ...(s.password ? { password: s.password } : {}), label: 'typed by the user' };
  try {
    validateApplyInput([target], undefined);
  } catch (err) {
    if (err instanceof AtError) throw new ApiCallError({ code: 'invalid-argument', message: err.message, field: `choice.settings.${err.field ?? 'apn'}` });
    throw err;
  }
  return { kind: 'manual', target };
}
