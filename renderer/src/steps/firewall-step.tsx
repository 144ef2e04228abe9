import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MEASURED_FROM_WORDS, METHOD_WORDS } from '../../../main/core/connectivity/vantage-words';
import type { FirewallPlan, FirewallPlannedTarget, FirewallRunResult } from '../../../main/ipc/contracts/firewall-contract';
import { CopyButton } from '../components/copy-button';
import { DiffView } from '../components/diff-view';
import { ChosenFileField } from '../components/chosen-file-field';
import { ProblemCallout } from '../components/problem-callout';
import { ProblemList } from '../components/problem-list';
import { StepHeader } from '../components/step-header';
import { useFocusOnArrival } from '../components/use-focus-on-arrival';
import type { FirewallRunState, StagesByTarget } from '../state/firewall-slice';
import { knownInstall } from '../state/install-slice';
import { useWizardStore } from '../state/wizard-store';
import './firewall-step.css';

type Stage = StagesByTarget[string][number];
type ContainerTestCommands = FirewallRunResult['containerTestCommands'];
type ChipStatus = Stage['status'] | 'pending' | 'running';

const CHIP_LABEL: Record<ChipStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warn',
  skipped: 'skipped',
  pending: 'waiting',
  running: 'running',
};
const CHIP_MARK: Record<ChipStatus, string> = { pass: '✓', fail: '✗', warn: '!', skipped: '–', pending: '·', running: '…' };

export function FirewallStep() {
  const {
    install, form, planState, run, proxyEnv, updateForm, planCheck, runCheck, cancelCheck, regionOf,
  } = useWizardStore(
    useShallow((s) => ({
      install: s.install,
      form: s.firewallForm,
      planState: s.firewallPlan,
      run: s.firewallRun,
      proxyEnv: s.proxyEnv,
      updateForm: s.updateFirewallForm,
      planCheck: s.planFirewallCheck,
      runCheck: s.runFirewallCheck,
      cancelCheck: s.cancelFirewallCheck,
      regionOf: s.firewallRegion,
    })),
  );
  const { region, fromInstall } = regionOf();
  const known = knownInstall(install);
  const installRegion = known?.install.cloudRegion ?? null;

  // Re-plan whenever what would be contacted changes (main contacts nothing for a plan).
  useEffect(() => {
    const timer = setTimeout(() => void planCheck(), 150);
    return () => clearTimeout(timer);
  }, [planCheck, region, form.proxy, form.direct, form.customUrls, form.resolve, installRegion]);

  const running = run.kind === 'running';
  const plan = planState.kind === 'ready' ? planState.plan : null;
  // When a run ends, focus goes to its result.
  const resultRef = useFocusOnArrival<HTMLDivElement>(run.kind === 'finished' || run.kind === 'failed' ? run.operationId : null);
  const rowTargets = run.kind === 'idle' ? (plan?.targets ?? []) : run.targets;

  return (
    <section className="step firewall-step" aria-labelledby="step-title">
      <StepHeader step="firewall" />

      <form
        className="firewall-form"
        onSubmit={(event) => {
          event.preventDefault();
          void runCheck();
        }}
      >
        <details className="more firewall-options">
        <summary>Options: region, proxy, custom targets</summary>
        <fieldset className="firewall-fieldset" disabled={running}>
          <legend>What to check</legend>
          <div className="firewall-field">
            {fromInstall ? (
              <p>
                Region: <strong>{region.toUpperCase()}</strong> <span className="muted">(from the install)</span>
              </p>
            ) : (
              <>
                <label htmlFor="firewall-region">Region</label>
                <select
                  id="firewall-region"
                  value={form.chosenRegion}
                  onChange={(event) => updateForm({ chosenRegion: event.target.value === 'eu' ? 'eu' : 'us' })}
                >
                  <option value="us">US (bitwarden.com)</option>
                  <option value="eu">EU (bitwarden.eu)</option>
                </select>
              </>
            )}
          </div>
          <div className="firewall-field">
            <label htmlFor="firewall-proxy">Proxy (optional)</label>
            <input
              id="firewall-proxy"
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder="http://proxy.example.internal:3128 — empty: this computer's proxy settings"
              value={form.proxy}
              disabled={form.direct}
              onChange={(event) => updateForm({ proxy: event.target.value })}
            />
            <label className="firewall-checkbox">
              <input type="checkbox" checked={form.direct} onChange={(event) => updateForm({ direct: event.target.checked })} /> Connect
              directly (ignore every proxy setting)
            </label>
          </div>
          <details className="firewall-advanced">
            <summary>Custom targets (advanced)</summary>
            <p className="muted">
              For a private Bitwarden cloud (e.g. a government cloud) or test servers: these URLs replace the region's hosts; each is
              requested exactly, and any 2xx answer passes.
            </p>
            <label htmlFor="firewall-urls">Custom target URLs (https://, one per line)</label>
            <textarea
              id="firewall-urls"
              rows={3}
              spellCheck={false}
              value={form.customUrls}
              onChange={(event) => updateForm({ customUrls: event.target.value })}
            />
            <label htmlFor="firewall-resolve">Use these addresses (HOST:ADDRESS, one per line; like curl --resolve)</label>
            <textarea
              id="firewall-resolve"
              rows={2}
              spellCheck={false}
              value={form.resolve}
              onChange={(event) => updateForm({ resolve: event.target.value })}
            />
            <label htmlFor="firewall-ca">Also trust this root certificate (PEM file) for the check</label>
            <ChosenFileField
              id="firewall-ca"
              file={form.caFile}
              onChange={(caFile) => updateForm({ caFile })}
              pick={async () => {
                const picked = await window.sponsorship.firewall.pickCaFile();
                return picked.ok ? picked.value.file : null;
              }}
              pickLabel="Choose file…"
            />
          </details>
        </fieldset>
        </details>

        <PlannedContacts planState={planState} />

        <div className="row firewall-actions">
          {running ? (
            <button type="button" className="button button-danger" onClick={() => void cancelCheck()}>
              Cancel
            </button>
          ) : (
            <button type="submit" className="button button-primary" disabled={!plan}>
              {run.kind === 'idle' ? 'Run check' : 'Run again'}
            </button>
          )}
        </div>
      </form>

      {/* Above the rows and results, so results arriving push nothing down. */}
      <ContainerSection region={region} proxy={form.direct ? undefined : form.proxy.trim() || undefined} report={run.kind === 'finished' ? run.report : null} />

      {known && <ProxyForContainers proxyEnv={proxyEnv} proxy={form.direct ? '' : form.proxy.trim()} />}

      <Progress run={run} stageCount={plan?.stageNames.length ?? 7} />

      {rowTargets.length > 0 && plan && (
        <ul className="firewall-rows" aria-label="Hosts">
          {rowTargets.map((target) => (
            <TargetRow key={target.url} target={target} run={run} plan={plan} />
          ))}
        </ul>
      )}

      <div ref={resultRef} tabIndex={-1}>
      {run.kind === 'failed' && (
        <div className={`callout ${run.error.kind === 'cancelled' ? 'callout-info' : 'callout-problem'}`} role="alert">
          <p>
            <strong>{run.error.kind === 'cancelled' ? 'The check was cancelled.' : 'The check could not run.'}</strong>
          </p>
          {run.error.kind !== 'cancelled' && <ProblemList problems={[run.error]} tone="problem" />}
        </div>
      )}

      {run.kind === 'finished' && plan && <Results report={run.report} plan={plan} />}
      </div>

    </section>
  );
}

function PlannedContacts({ planState }: { planState: ReturnType<typeof useWizardStore.getState>['firewallPlan'] }) {
  return (
    <div className="firewall-plan" aria-live="polite">
      <h2>What will be contacted</h2>
      {planState.kind === 'failed' && <ProblemList problems={[planState.error]} tone="problem" />}
      {planState.kind !== 'failed' && (
        <>
          <p>Nothing is contacted until you press Run check; then only these, over HTTPS:</p>
          <ul className="firewall-contacts" data-testid="planned-contacts">
            {planState.kind === 'ready'
              ? planState.plan.contacts.map((c) => (
                  <li key={`${c.role}-${c.host}-${c.port}`}>
                    <code>
                      {c.host}:{c.port}
                    </code>
                    {c.role === 'proxy' ? ` — the proxy, asked to tunnel to ${c.forTargets.map(hostOf).join(', ')}` : ''}
                    {c.required ? '' : ' (informational)'}
                  </li>
                ))
              : null}
          </ul>
          <p>
            <strong>No key, token or password is sent</strong>.
          </p>
          {planState.kind === 'ready' && <p className="muted">{planState.plan.proxyNote}</p>}
        </>
      )}
    </div>
  );
}

function Progress({ run, stageCount }: { run: FirewallRunState; stageCount: number }) {
  if (run.kind === 'idle') return <p className="firewall-progress" aria-live="polite" />;
  const done = Object.values(run.stages).reduce((n, stages) => n + stages.length, 0);
  const total = run.targets.length * stageCount;
  let text: string;
  if (run.kind === 'running') text = `Checking… ${done} of ${total} stages finished.`;
  else if (run.kind === 'finished') text = `Finished in ${(run.report.durationMs / 1000).toFixed(1)} s.`;
  else text = run.error.kind === 'cancelled' ? 'Cancelled.' : 'The check stopped.';
  return (
    <p className="firewall-progress" aria-live="polite" data-testid="firewall-progress">
      {text}
    </p>
  );
}

function TargetRow({ target, run, plan }: { target: FirewallPlannedTarget; run: FirewallRunState; plan: FirewallPlan }) {
  const stages = run.kind === 'idle' ? [] : (run.stages[target.url] ?? []);
  const report = run.kind === 'finished' ? run.report.targets.find((t) => t.url === target.url) : undefined;
  const byName = new Map(stages.map((s) => [s.name, s]));
  const nextStage = plan.stageNames.find((name) => !byName.has(name));
  const chipStatus = (name: string): ChipStatus => {
    const stage = byName.get(name as Stage['name']);
    if (stage) return stage.status;
    return run.kind === 'running' && name === nextStage ? 'running' : 'pending';
  };
  let verdictText = run.kind === 'running' ? 'Checking…' : 'Not checked yet';
  let verdictClass = 'pending';
  if (report) {
    verdictText = plan.verdictTitles[report.verdict];
    verdictClass = report.verdict === 'ok' ? 'ok' : report.required ? 'bad' : 'warn';
  } else if (run.kind === 'failed') verdictText = run.error.kind === 'cancelled' ? 'Cancelled' : 'Not finished';
  return (
    <li className="firewall-row" data-testid="firewall-row" data-host={target.host} data-verdict={report?.verdict ?? ''}>
      <div className="firewall-row-head">
        <span className="firewall-host">
          <code>
            {target.host}:{target.port}
          </code>{' '}
          <span className="muted">
            {target.purpose}
            {target.required ? '' : ' — informational'}
          </span>
        </span>
        <span className={`firewall-verdict firewall-verdict-${verdictClass}`} data-testid="verdict">
          {report ? <code className="problem-code">{report.verdict}</code> : null} {verdictText}
        </span>
      </div>
      <details className="firewall-detail">
        <summary>
          Details for {target.host}:{target.port}
        </summary>
        <ol className="firewall-chips" aria-label={`Stages for ${target.host}`}>
          {plan.stageNames.map((name) => {
            const status = chipStatus(name);
            return (
              <li key={name} className={`chip chip-${status}`} data-stage={name} data-status={status}>
                <span aria-hidden="true">{CHIP_MARK[status]} </span>
                {name} <span className="visually-hidden">{CHIP_LABEL[status]}</span>
              </li>
            );
          })}
        </ol>
        {stages.length === 0 ? (
          <p className="muted">No stage has finished yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Result</th>
                <th scope="col">Time</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {plan.stageNames.map((name) => {
                const stage = byName.get(name);
                if (!stage) return null;
                return (
                  <tr key={name}>
                    <td>{name}</td>
                    <td className={`firewall-status-${stage.status}`}>{stage.status}</td>
                    <td>{stage.status === 'skipped' ? '—' : `${stage.ms} ms`}</td>
                    <td className="firewall-stage-detail">{stage.detail}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <p className="muted">{target.url}</p>
      </details>
    </li>
  );
}

function Results({ report, plan }: { report: FirewallRunResult; plan: FirewallPlan }) {
  const showStep = useWizardStore((s) => s.showStep);
  const problems = report.targets.filter((t) => t.verdict !== 'ok');
  const [reportNote, setReportNote] = useState('');
  const saveReport = async (format: 'json' | 'text') => {
    const result = await window.sponsorship.firewall.saveReport(format);
    setReportNote(result.ok ? (result.value.path ? `Saved to ${result.value.path}` : 'Not saved.') : result.error.message);
  };
  return (
    <div className="firewall-results">
      <div
        className={`callout ${report.ok ? 'callout-ok' : report.noOutboundPath ? 'callout-problem' : 'callout-warning'}`}
        role="status"
        data-testid="firewall-summary"
      >
        <p>
          <strong>{report.ok ? 'Network OK' : report.noOutboundPath ? 'No outbound path' : 'Problems found'}</strong>
        </p>
        <p>{report.summary}</p>
        <p className="muted">
          Proxy: {report.proxy.url ? `${report.proxy.url} — ` : ''}
          {report.proxy.detail}
        </p>
        {report.targets[0] && (
          <p className="muted" data-testid="measured-from">
            Measured from {MEASURED_FROM_WORDS[report.targets[0].measuredFrom]} ({METHOD_WORDS[report.targets[0].method]}).
          </p>
        )}
        {report.noOutboundPath && (
          <button type="button" className="button" onClick={() => showStep('license')}>
            Go to the License step (offline license)
          </button>
        )}
      </div>

      {problems.length > 0 && (
        <div className="firewall-remediation">
          <h2>What to do</h2>
          {problems.map((target) => (
            <section key={target.url} className="firewall-remedy" data-testid="remediation" data-target={target.url} aria-label={`What to do about ${target.host}:${target.port}`}>
              <h3>
                {target.host}:{target.port} — {plan.verdictTitles[target.verdict]}
                {target.failedStage ? ` (at ${target.failedStage})` : ''}
                {target.required ? '' : ' — informational'}
              </h3>
              <p>
                <strong>For you:</strong> {target.remediation.admin}
              </p>
              <p>
                <strong>For the network team:</strong> {target.remediation.network}
              </p>
            </section>
          ))}
        </div>
      )}

      <div className="row firewall-report-actions">
        <button
          type="button"
          className="button"
          onClick={async () => {
            const result = await window.sponsorship.firewall.copyReport();
            setReportNote(result.ok ? 'Report copied for your network team.' : result.error.message);
          }}
        >
          Copy report
        </button>
        <button type="button" className="button" onClick={() => void saveReport('json')}>
          Save report (JSON)
        </button>
        <button type="button" className="button" onClick={() => void saveReport('text')}>
          Save report (text)
        </button>
        <span className="muted" aria-live="polite">
          {reportNote}
        </span>
      </div>
    </div>
  );
}

function ContainerSection({ region, proxy, report }: { region: 'us' | 'eu'; proxy: string | undefined; report: FirewallRunResult | null }) {
  const [fetched, setFetched] = useState<ContainerTestCommands | null>(null);
  useEffect(() => {
    if (report) return;
    let current = true;
    void window.sponsorship.firewall.containerCommands(region, proxy).then((result) => {
      if (current && result.ok) setFetched(result.value);
    });
    return () => {
      current = false;
    };
  }, [region, proxy, report]);
  const commands = report?.containerTestCommands ?? fetched;
  if (!commands) return null;
  return (
    <details className="firewall-containers">
      <summary>Test from the server and inside its containers</summary>
      <p className="callout callout-info">
        This check runs on this computer. Billing sync runs inside the server's <code>bitwarden-api</code> container (daily) and{' '}
        <code>bitwarden-admin</code> (the manual sync). {commands.note}
      </p>
      <ul className="firewall-commands">
        {commands.commands.map((c, index) => (
          <li key={index}>
            <span>{c.title}</span>
            <div className="row">
              <code className="firewall-command">{c.command}</code>
              <CopyButton text={c.command} label={`command: ${c.title}`} />
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}

function ProxyForContainers({ proxyEnv, proxy }: { proxyEnv: ReturnType<typeof useWizardStore.getState>['proxyEnv']; proxy: string }) {
  const { planProxyEnv, confirmProxyEnv, dismissProxyEnv, showStep } = useWizardStore(
    useShallow((s) => ({ planProxyEnv: s.planProxyEnv, confirmProxyEnv: s.confirmProxyEnv, dismissProxyEnv: s.dismissProxyEnv, showStep: s.showStep })),
  );
  return (
    <div className="firewall-proxy-env">
      <h2>Give this proxy to the containers</h2>
      <p className="muted">
        If the network needs the proxy, the Bitwarden containers need it too: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (with the stack's own
        service names) in <code>bwdata/env/global.override.env</code>, uppercase and unquoted.
      </p>
      {proxyEnv.kind === 'idle' || proxyEnv.kind === 'planning' ? (
        <button type="button" className="button" disabled={!proxy || proxyEnv.kind === 'planning'} onClick={() => void planProxyEnv()}>
          Give this proxy to the containers…
        </button>
      ) : null}
      {!proxy && proxyEnv.kind === 'idle' && <p className="muted">Type the proxy above first.</p>}
      {(proxyEnv.kind === 'planned' || proxyEnv.kind === 'writing') && (
        <div>
          {proxyEnv.plan.changed ? (
            <>
              <p>This change would be written to <code>{proxyEnv.plan.file}</code> (a backup is made first):</p>
              <DiffView diff={proxyEnv.plan.diff} label="Change to global.override.env" />
              <ProblemList problems={proxyEnv.plan.problems} tone="warning" />
              <div className="row">
                <button type="button" className="button button-primary" disabled={proxyEnv.kind === 'writing'} onClick={() => void confirmProxyEnv()}>
                  Write it (with a backup)
                </button>
                <button type="button" className="button" onClick={dismissProxyEnv}>
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <p>
              The containers' proxy variables already say this; nothing to change.{' '}
              <button type="button" className="button button-small" onClick={dismissProxyEnv}>
                OK
              </button>
            </p>
          )}
        </div>
      )}
      {proxyEnv.kind === 'written' && (
        <div className="callout callout-ok" role="status">
          <p>
            Written to <code>{proxyEnv.result.file}</code>
            {proxyEnv.result.backup ? (
              <>
                ; backup: <code>{proxyEnv.result.backup}</code>
              </>
            ) : null}
            .
          </p>
          <p>The containers only see it after the configuration is applied (a restart).</p>
          <button type="button" className="button" onClick={() => showStep('cloud-communication')}>
            Apply it in the Cloud communication step
          </button>
        </div>
      )}
      {proxyEnv.kind === 'failed' && (
        <ProblemCallout problem={proxyEnv.error}>
          <button type="button" className="button" onClick={dismissProxyEnv}>
            OK
          </button>
        </ProblemCallout>
      )}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
