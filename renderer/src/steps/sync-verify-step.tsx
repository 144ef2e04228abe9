import { useEffect, useState } from 'react';
import { evidenceLabel } from '../../../main/core/shared/report-labels';
import { CopyButton } from '../components/copy-button';
import { ProblemCallout } from '../components/problem-callout';
import { ProblemList } from '../components/problem-list';
import { StepHeader } from '../components/step-header';
import { StepLink } from '../components/step-link';
import { knownInstall } from '../state/install-slice';
import { useWizardStore } from '../state/wizard-store';
import { sponsorshipSyncInfo } from '../../../main/core/billing-sync/sync-verify-wording';
import { VerifySection } from './sync-verify/verify-section';

const WAIT_CHOICES = [
  { seconds: 120, label: '2 minutes' },
  { seconds: 600, label: '10 minutes' },
  { seconds: 1800, label: '30 minutes' },
];

export function SyncVerifyStep() {
  const self = useWizardStore((state) => state.connections.self);
  const install = useWizardStore((state) => state.install);
  const syncVerify = useWizardStore((state) => state.syncVerify);
  const loadSyncGuide = useWizardStore((state) => state.loadSyncGuide);
  const startSyncWait = useWizardStore((state) => state.startSyncWait);
  const cancelSyncWait = useWizardStore((state) => state.cancelSyncWait);
  const loadServerLogs = useWizardStore((state) => state.loadServerLogs);
  const loadServerStatus = useWizardStore((state) => state.loadServerStatus);
  const [timeoutSeconds, setTimeoutSeconds] = useState(600);
  const selfOrgId = self?.state === 'signed-in' ? self.organizationId : null;
  const installFolder = knownInstall(install)?.folder ?? null;
  const installId = knownInstall(install)?.installId ?? null;

  useEffect(() => {
    void loadSyncGuide();
  }, [loadSyncGuide, selfOrgId, installId]);
  useEffect(() => {
    if (selfOrgId) void loadServerStatus(selfOrgId);
  }, [selfOrgId, loadServerStatus]);

  const guide = syncVerify.guide;
  const wait = syncVerify.wait;
  const timedOut = wait.kind === 'ready' && wait.value.outcome === 'timeout' ? wait.value : null;
  const progress = syncVerify.waitProgress;

  return (
    <section className="step" aria-labelledby="step-title">
      <StepHeader step="sync-verify" />
      <div className="step-body">
        <VerifySection selfOrgId={selfOrgId} />
        <p className="muted" data-testid="sponsorship-sync-info">
          {sponsorshipSyncInfo(syncVerify.lastSyncDate)}
        </p>

        <details className="more">
        <summary>Watch the first sponsorship sync (optional)</summary>
        {guide && (
          <div className="callout callout-info">
            <p>
              <strong>Before the first sync:</strong> {guide.sponsorshipFirst}
            </p>
          </div>
        )}

        <h2>Send it now: System Administrator Portal</h2>
        {guide ? (
          <>
            <ol>
              {guide.adminPortal.steps.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
            <p data-testid="admin-emails" className={guide.adminPortal.adminEmails.length === 0 ? 'callout callout-warning' : undefined}>
              {guide.adminPortal.adminEmailsNote}
            </p>
            {guide.installNote && <p className="muted">{guide.installNote}</p>}
            {guide.adminPortal.portalUrl && (
              <p className="row">
                System Administrator Portal: <code data-testid="admin-portal-url">{guide.adminPortal.portalUrl}</code>
                <CopyButton text={guide.adminPortal.portalUrl} label="System Administrator Portal address" />
              </p>
            )}
            {selfOrgId && (
              <p className="row">
                Organization ID: <code>{selfOrgId}</code>
                <CopyButton text={selfOrgId} label="organization ID" />
              </p>
            )}
            {guide.organizationLinkId && (
              <button type="button" className="button" onClick={() => void window.sponsorship.app.openLink(guide.organizationLinkId!)}>
                Open the organization in the portal
              </button>
            )}
          </>
        ) : (
          <p className="muted">Loading…</p>
        )}

        <h2>Watch for the result</h2>
        {!selfOrgId ? (
          <div className="callout callout-info">
            <p>Sign in to the self-hosted vault and choose the organization to watch its sync status.</p>
            <StepLink step="connect" />
          </div>
        ) : (
          <>
            <div className="row">
              <label htmlFor="wait-time">Wait up to</label>
              <select id="wait-time" className="select-compact" value={timeoutSeconds} onChange={(event) => setTimeoutSeconds(Number(event.target.value))} disabled={wait.kind === 'loading'}>
                {WAIT_CHOICES.map((choice) => (
                  <option key={choice.seconds} value={choice.seconds}>
                    {choice.label}
                  </option>
                ))}
              </select>
              {wait.kind === 'loading' ? (
                <button type="button" className="button" onClick={() => void cancelSyncWait()}>
                  Stop watching
                </button>
              ) : (
                <button type="button" className="button button-primary" onClick={() => void startSyncWait(selfOrgId, timeoutSeconds)}>
                  Watch for the sync
                </button>
              )}
            </div>
            <div aria-live="polite" className="sync-wait-live">
              {/* The result takes the progress line's place, so nothing below moves when the sync arrives. */}
              {syncVerify.lastSyncDate && (
                <p className="callout callout-ok" role="status" data-testid="last-sync">
                  Synced with the cloud: the server recorded a sponsorship sync at {new Date(syncVerify.lastSyncDate).toLocaleString()} ({syncVerify.lastSyncDate}).
                </p>
              )}
              {wait.kind === 'loading' && !syncVerify.lastSyncDate && (
                <p role="status" data-testid="sync-progress">
                  Waiting for a sync after {new Date(wait.input.since).toLocaleTimeString()}… press Manually Sync in the portal now.
                  {progress &&
                    ` Check ${progress.attempt}, ${Math.round(progress.elapsedMs / 1000)} s of ${Math.round(progress.timeoutMs / 1000)} s; last sync: ${progress.lastSyncDate ?? 'never'}.`}
                </p>
              )}
              {wait.kind === 'failed' && <ProblemCallout problem={wait.error} />}
              {timedOut && (
                <div className={timedOut.neverSynced ? 'callout callout-info' : 'callout callout-warning'} data-testid="sync-timeout">
                  <p>
                    <strong>{timedOut.neverSynced ? 'Waiting for the first sponsorship.' : 'No new sync arrived.'}</strong>{' '}
                    {timedOut.neverSynced
                      ? 'The server has never synced. That is expected until a member requests a Families sponsorship. If one exists, look at these causes in order:'
                      : 'Likely causes, most likely first:'}
                  </p>
                  <ol>
                    {timedOut.causes.map((cause) => (
                      <li key={cause.code}>
                        <strong>{cause.title}</strong> — {cause.explanation} <StepLink step={cause.step} />
                      </li>
                    ))}
                  </ol>
                </div>
              )}
            </div>
          </>
        )}
        </details>
        {installFolder && (
          <details className="more">
            <summary onClick={() => void loadServerLogs()}>Recent sync and identity lines from bwdata/logs (admin, api)</summary>
            {syncVerify.logs && (
              <>
                {syncVerify.logs.lines.length === 0 ? <p className="muted">No matching lines.</p> : (
                  <pre className="log-lines">{syncVerify.logs.lines.map((line) => `[${line.container}] ${line.text}`).join('\n')}</pre>
                )}
                {syncVerify.logs.notes.map((note) => (
                  <p key={note} className="muted">
                    {note}
                  </p>
                ))}
              </>
            )}
          </details>
        )}
        {guide && (
          <p className="muted">
            <strong>Automatic sync:</strong> {guide.dailySync}
          </p>
        )}

        <FinishedPanel />
      </div>
    </section>
  );
}

/** The finished-setup summary: each step with its evidence, and the redacted report to copy or save. */
function FinishedPanel() {
  const syncVerify = useWizardStore((state) => state.syncVerify);
  const loadReport = useWizardStore((state) => state.loadReport);
  const saveReport = useWizardStore((state) => state.saveReport);
  const lastSyncDate = syncVerify.lastSyncDate;
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    void loadReport();
  }, [loadReport, lastSyncDate]);
  const built = syncVerify.report;
  return (
    <section className="finished" aria-labelledby="finished-title">
      <h2 id="finished-title">{built?.report.finished ? 'Finished' : 'Setup summary'}</h2>
      {built?.report.finished && (
        <p className="callout callout-ok" data-testid="setup-finished">
          Setup finished: users of this server can redeem Families sponsorships.
        </p>
      )}
      {syncVerify.reportError && <ProblemList problems={[syncVerify.reportError]} tone="problem" />}
      {built && (
        <>
          <ul className="report-steps">
            {built.report.steps.map((step) => (
              <li key={step.id} data-testid={`report-${step.id}`} data-state={step.state}>
                <strong>{step.title}</strong>: {step.state.replace('-', ' ')}
                <ul>
                  {step.evidence.map((item) => (
                    <li key={item.label}>
                      {evidenceLabel(step.id, item.label)}: <code>{item.value}</code>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <div className="row">
            <button
              type="button"
              className="button"
              onClick={async () => {
                const result = await window.sponsorship.app.copyText(built.text);
                setCopied(result.ok);
                setTimeout(() => setCopied(false), 2000);
              }}
            >
              {copied ? 'Copied' : 'Copy report'}
            </button>
            <button type="button" className="button" onClick={() => void saveReport('text')}>
              Save as text…
            </button>
            <button type="button" className="button" onClick={() => void saveReport('json')}>
              Save as JSON…
            </button>
            <button type="button" className="button" onClick={() => void loadReport()}>
              Refresh
            </button>
          </div>
          {syncVerify.reportSavedTo && <p role="status">Saved to {syncVerify.reportSavedTo}</p>}
        </>
      )}
    </section>
  );
}
