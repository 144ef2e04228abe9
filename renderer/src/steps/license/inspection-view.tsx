import type { LicenseInspection } from '../../../../main/core/license';
import { licenseAuthenticity } from '../../../../main/core/license/authenticity';
import { ProblemList } from '../../components/problem-list';
import { KeptCopy } from './kept-copy';
import { LicenseFacts } from './license-facts';
import { CHECK_LABEL, CHECK_TONE, PLAIN_LICENSE_PROBLEMS } from './license-texts';

export interface InspectionViewProps {
  inspection: LicenseInspection;
  fileName: string;
  /** The app's own copy (a download), offered as "Save a copy…". */
  kept: string | null;
  checkedInstallationId: string | null;
}

/** The verdict first (usable or not, the plain fix, the authenticity), the details folded, then problems and warnings. */
export function InspectionView({ inspection, fileName, kept, checkedInstallationId }: InspectionViewProps) {
  return (
    <div data-testid="license-inspection">
      <Verdict inspection={inspection} fileName={fileName} kept={kept} checkedInstallationId={checkedInstallationId} />
      <details className="more">
        <summary>License details</summary>
        {inspection.license && <LicenseFacts license={inspection.license} />}
        <div className="license-checks" aria-label="Checks">
          {(['hash', 'token', 'signature'] as const).map((name) => (
            <span key={name} className={`chip chip-${CHECK_TONE[inspection.checks[name]] ?? 'skipped'}`} data-testid={`license-check-${name}`}>
              {name}: {CHECK_LABEL[inspection.checks[name]] ?? inspection.checks[name]}
            </span>
          ))}
        </div>
      </details>
      {inspection.problems.length > 0 && (
        <>
          <h3>Problems</h3>
          <ProblemList problems={inspection.problems} tone="problem" />
        </>
      )}
      {inspection.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ProblemList problems={inspection.warnings} tone="warning" />
        </>
      )}
    </div>
  );
}

function Verdict({ inspection, fileName, kept, checkedInstallationId }: InspectionViewProps) {
  const count = inspection.problems.length;
  const plainFix = inspection.usable ? undefined : inspection.problems.map((problem) => PLAIN_LICENSE_PROBLEMS[problem.code]).find(Boolean);
  return (
    <div className={`callout ${inspection.usable ? 'callout-ok' : 'callout-problem'}`} role={inspection.usable ? undefined : 'alert'}>
      <p>
        <strong>
          {fileName}: {inspection.usable ? 'usable for this installation' : `not usable (${count} problem${count === 1 ? '' : 's'})`}
        </strong>
      </p>
      {plainFix && (
        <p>
          <strong>{plainFix}</strong>
        </p>
      )}
      {kept && <KeptCopy fileId={kept} />}
      {!checkedInstallationId && <p>Not compared with an installation ID: read the install in Connect to check that too.</p>}
      <p data-testid="license-authenticity">Authenticity: {licenseAuthenticity(inspection).text}</p>
    </div>
  );
}
