/** Downloads for leadership and other tools: the executive PDF, findings CSV and CycloneDX VEX, all scoped and audited. */
import { useState } from 'react';
import { download, errorText } from '../api';

const REPORTS: [path: string, file: string, title: string, what: string][] = [
  [
    '/api/reports/executive.pdf',
    'radguard-executive.pdf',
    'Executive report (PDF)',
    'Posture, the five practices, top risks in plain words and end-of-support devices — for leadership.',
  ],
  [
    '/api/reports/findings.csv',
    'radguard-findings.csv',
    'Findings (CSV)',
    'Every finding with state, severity, host and dates — for spreadsheets and ticketing.',
  ],
  [
    '/api/reports/vex.json',
    'radguard-vex.json',
    'Vulnerability exploitability (CycloneDX VEX)',
    'Triage decisions on vulnerabilities, with justifications — for manufacturers and other tools.',
  ],
];

export function ReportsPage() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const get = async (path: string, file: string, title: string) => {
    setBusy(path);
    setError(null);
    setDone(null);
    try {
      await download(path, file);
      setDone(`${title} downloaded.`);
    } catch (e) {
      setError(`${title}: ${errorText(e)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section>
      <h1>Reports</h1>
      <p className="muted">Reports cover only the devices your account may see. Every download is recorded in the audit log.</p>
      <ul className="reports">
        {REPORTS.map(([path, file, title, what]) => (
          <li key={path}>
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void get(path, file, title)}>
              {busy === path ? 'Preparing…' : `Download ${title}`}
            </button>
            <span className="small">{what}</span>
          </li>
        ))}
      </ul>
      {done && (
        <p className="ok" role="status">
          {done}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
