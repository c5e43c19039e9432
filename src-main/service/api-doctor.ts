// Api methods of the doctor (issue 6): the diagnosis, one fix or "fix all" through the one fix registry
// (./fixes.ts), and the redacted report bundle.
import type { DoctorParams, FixRunResult, Params, Result } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import type { Fix } from '../core/doctor/report.js';
import type { ApnTarget } from '../core/apn/apply-plan.js';
import { runApply } from './api-apn.js';
import { runDecide } from './api-apn-decide.js';
import { runSwitch } from './api-mode.js';
import { diagnose, applyOneFix, runDoctor, runDoctorFixes, type DoctorOptions, type FixDeps } from './doctor.js';
import { isFixId } from './fixes.js';
import type { ModemRef } from './modems.js';
import type { OpContext } from './operations.js';
import type { Impl, Parts } from './parts.js';
import { buildReportBundle, reportFileName } from './report.js';

type DoctorMethods = Pick<Impl, 'runDoctor' | 'applyFix' | 'runFixes' | 'exportReport'>;

const FIX_LABEL = 'Running every check (modem side, then host side)';

/** The doctor's options for a call: the modem's port and interface, the check targets, the policy. */
async function optionsOf(p: Parts, q: DoctorParams, ref: ModemRef | undefined, signal?: AbortSignal): Promise<DoctorOptions> {
  await p.settings.loaded;
  const targets = q.noProbes ? { pingTargets: [], dnsName: undefined } : p.settings.checkTargets({ pingTargets: q.pingTargets, dnsName: q.dnsName });
  const iface = q.iface ?? ref?.iface ?? undefined;
  return {
    ...(ref?.atPort ? { port: ref.atPort } : {}),
    ...(iface ? { iface } : {}),
    pingTargets: targets.pingTargets,
    ...(targets.dnsName ? { dnsName: targets.dnsName } : {}),
    // The policy the user chose (flag or saved setting); none chosen: a takeover is only a warning.
    policy: q.policy ?? p.settings.savedPolicy,
    platform: p.env.platform,
    ...(p.env.netRoot !== undefined ? { netRoot: p.env.netRoot } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** The layers a fix run uses here: the shared session, the switch and the APN apply with their progress. */
function fixDeps(p: Parts, ctx: OpContext, ref: ModemRef | undefined): FixDeps {
  const base = p.doctorDeps();
  if (!ref) return base;
  return {
    ...base,
    withEngine: async (_port, fn) => fn(await p.sessions.engine(ref.id)),
    sharedEngine: () => p.sessions.engineIfFree(ref.id),
    switchMode: (target) => runSwitch(p, ctx, ref, { target }),
    applyApn: async (apn, _port, _engine, ipType) => {
      if (apn !== undefined && apn !== '') {
        const target: ApnTarget = { apn, ipType: ipType ?? 'IPV4V6', auth: 'none', label: 'given APN' };
        const r = await runApply(p, ctx, ref, { targets: [target] });
        return { message: r.detail, result: r };
      }
      // No APN given: the one decider, non-interactive, so the fix chooses as connect does (issue 13).
      const r = await runDecide(p, ctx, ref, ipType ? { ipType } : {});
      return { message: r.detail, result: r };
    },
    ...(p.env.hostFixes ? { hostFix: async (id) => (p.env.hostFixes?.[id] ? p.env.hostFixes[id]!() : undefined) } : {}),
  };
}

class Doctor {
  constructor(private readonly p: Parts) {}

  async run(q: Params<'runDoctor'>): Promise<Result<'runDoctor'>> {
    const p = this.p;
    const ref = await p.modems.pick(q.modemId);
    await optionsOf(p, q, ref); // a bad target is refused now, not as a failed operation
    return p.ops.start('doctor', async (ctx) => {
      ctx.step('gather', FIX_LABEL, 'running');
      const shared = ref?.atPort ? await p.sessions.engineIfFree(ref.id) : undefined;
      const report = await runDoctor(p.doctorDeps(), await optionsOf(p, q, ref, ctx.signal), shared ? { engine: shared } : {});
      const failed = report.checks.filter((c) => c.status === 'fail').length;
      ctx.step('gather', FIX_LABEL, 'done', `${report.checks.length} checks, ${failed} failed`);
      return report;
    });
  }

  async applyFix(q: Params<'applyFix'>): Promise<Result<'applyFix'>> {
    const p = this.p;
    if (!isFixId(q.fixId)) throw new ApiCallError({ code: 'invalid-argument', message: `No fix "${q.fixId}"`, field: 'fixId' });
    const ref = await p.modems.pick(q.modemId);
    if (!ref) throw new ApiCallError({ code: 'no-modem', message: 'No modem to fix', hint: 'Plug the modem in.' });
    const fixId = q.fixId;
    return p.ops.start(
      'fix',
      async (ctx) => {
        const options = await optionsOf(p, { ...(q.iface ? { iface: q.iface } : {}), noProbes: true }, ref, ctx.signal);
        const deps = fixDeps(p, ctx, ref);
        const shared = await p.sessions.engineIfFree(ref.id);
        const { report, facts } = await diagnose(deps, options, shared ? { engine: shared } : {});
        const fix: Fix = report.checks.find((c) => c.fix?.id === fixId)?.fix ?? { id: fixId, label: fixId };
        ctx.step(fixId, fix.label, 'running');
        const r = await applyOneFix(deps, options, { ...(q.pin ? { pin: q.pin } : {}), ...(q.apn !== undefined ? { apn: q.apn } : {}), onProgress: ctx.step }, fix, facts);
        ctx.step(fixId, fix.label, r.ok ? 'done' : 'failed', r.message);
        if (!r.ok) throw new ApiCallError({ code: 'fix-failed', message: r.message });
        return r.result ?? { ok: true, message: r.message };
      },
      { writes: { modemId: ref.id, what: `the fix "${fixId}"` } },
    );
  }

  async runFixes(q: Params<'runFixes'>): Promise<Result<'runFixes'>> {
    const p = this.p;
    const ref = await p.modems.pick(q.modemId);
    await optionsOf(p, q, ref);
    const run = async (ctx: OpContext): Promise<FixRunResult> => {
      const r = await runDoctorFixes(fixDeps(p, ctx, ref), await optionsOf(p, q, ref, ctx.signal), {
        ...(q.only ? { only: q.only } : {}),
        ...(q.pin ? { pin: q.pin } : {}),
        ...(q.apn !== undefined ? { apn: q.apn } : {}),
        onProgress: ctx.step,
        onEvent: (e) => {
          if (e.type === 'fix-start') ctx.step(e.fix.id, e.fix.label, 'running', undefined, e);
          else if (e.type === 'fix-done') ctx.step(e.fix.id, e.fix.label, e.ok ? 'done' : 'failed', e.message, e);
          else ctx.step(e.fix.id, e.fix.label, 'skipped', e.message, e);
        },
      });
      return { before: r.before, applied: r.applied, after: r.after };
    };
    return p.ops.start('fix-all', run, ref ? { writes: { modemId: ref.id, what: 'the doctor\'s fixes' } } : {});
  }

  async exportReport({ modemId, iface }: Params<'exportReport'>): Promise<Result<'exportReport'>> {
    const p = this.p;
    const ref = await p.modems.pick(modemId);
    const options = await optionsOf(p, { ...(iface ? { iface } : {}), noProbes: true }, ref);
    const build = () => buildReportBundle({ ...p.doctorDeps(), ...(p.env.hostListing !== undefined ? { listing: p.env.hostListing } : {}) }, options);
    // The bundle's doctor run opens the port itself: hand it over for that time.
    const bundle = ref ? await p.sessions.handOver(ref.id, 'writing the report', build) : await build();
    return { fileName: reportFileName(), content: JSON.stringify(bundle, null, 2) + '\n', mime: 'application/json' };
  }
}

export function doctorMethods(p: Parts): DoctorMethods {
  const d = new Doctor(p);
  return {
    runDoctor: (q) => d.run(q),
    applyFix: (q) => d.applyFix(q),
    runFixes: (q) => d.runFixes(q),
    exportReport: (q) => d.exportReport(q),
  };
}
