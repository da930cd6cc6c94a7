/**
 * The web console end to end in real headless Chromium (Debian's chromium, driven by playwright-core) against the
 * real `radguard serve`, on a store filled the way a hospital fills it: an inventory import naming two devices of
 * two manufacturers, the vulnerability feeds, and a real `radguard scan` of namespace peers (vsftpd with anonymous
 * login, telnetd) on 10.77.50.0/24. An admin logs in with password and TOTP, reads the dashboard built from that
 * scan, opens an asset, accepts a risk, pages the lists by cursor, downloads the executive PDF; a vendor-service
 * user sees only its manufacturer's device; a device listed without an address shows its desk findings. No page may
 * trip the server's strict CSP. Screenshots land in artifacts/screenshots/.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVexJson } from '../documents.js';
import { startTelnetd, startVsftpd } from '../fakes/hygiene-peers.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';
import { SHARED_DATA } from '../shared-data.js';
import { CHROMIUM, launchChromium, userContext } from './browser.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'bin/radguard.js');
const shots = join(root, 'artifacts/screenshots');
const PASSWORD = 'Imaging-Console-2026!';
const ok = netnsAvailable() && commandsAvailable(CHROMIUM, 'vsftpd', 'inetutils-inetd', 'pdfinfo');

/** `radguard serve` on a free loopback port; resolves with its URL once it says it is serving. */
async function serve(db: string): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const proc = spawn(process.execPath, [cli, '--db', db, 'serve', '--host', '127.0.0.1', '--port', '0', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => {
      proc.kill('SIGTERM');
      reject(new Error(`radguard serve did not start: ${err}`));
    }, 20_000);
    proc.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    proc.on('exit', (code) => reject(new Error(`radguard serve exited ${code}: ${err}`)));
  });
  return { proc, url, output: () => err };
}

describe.skipIf(!ok)('web console in headless Chromium against a real scan', () => {
  let net: TestNet;
  let server: { proc: ChildProcess; url: string };
  let freshServing: ReturnType<typeof serve> | undefined;
  let fresh: Awaited<ReturnType<typeof serve>> | undefined;
  let launching: Promise<Browser> | undefined;
  let browser: Browser;
  let admin: BrowserContext;
  let vendor: BrowserContext;
  let totpSecret: string;
  const dir = mkdtempSync(join(tmpdir(), 'rg-console-'));
  const db = join(dir, 'console.db');
  const rg = (...args: string[]) => run(process.execPath, [cli, '--db', db, ...args], { maxBuffer: 16 * 1024 * 1024 });
  const problems: string[] = []; // CSP violations and uncaught errors, from every page of both browsers

  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    expect(existsSync(join(root, 'dist/web/index.html')), 'the console is not built: run npm run build').toBe(true);
    mkdirSync(shots, { recursive: true });
    // the browser and the first-run server (an empty store) start while the department's store is filled
    launching = launchChromium();
    freshServing = serve(join(dir, 'fresh.db'));
    net = createTestNet(50, [{ name: 'ct' }, { name: 'us' }]);
    const [ct, us] = [net.host('ct'), net.host('us')];
    await startVsftpd(ct, dir, { anonymous: true, noAnonPassword: true, banner: null });
    await startTelnetd(us, dir);

    const inventory = join(dir, 'inventory.json');
    writeFileSync(
      inventory,
      JSON.stringify([
        {
          name: 'CT-EAST-1',
          manufacturer: 'Siemens',
          model: 'SOMATOM go.Up',
          site: 'east',
          ip: ct.address,
          criticality: 'high',
          end_of_support: '2025-06-30',
          notes: 'Service laptop connects over FTP.',
        },
        {
          name: 'US-WARD-3',
          manufacturer: 'GE',
          model: 'LOGIQ E10',
          site: 'east',
          ip: us.address,
          criticality: 'medium',
          end_of_support: '2031-12-31',
        },
      ]),
    );
    await rg('assets', 'import', inventory);
    await rg('feeds', 'import', join(SHARED_DATA, 'vuln/nvd/records'), join(SHARED_DATA, 'vuln/kev/known_exploited_vulnerabilities.json'));
    // The CT model's SBOM: the scan matches it on the CT, and the asset page lists it.
    const sbom = join(dir, 'somatom.cdx.json');
    const dcmtk = { type: 'library', 'bom-ref': 'dcmtk', name: 'dcmtk', version: '3.6.0', cpe: 'cpe:2.3:a:dicom:dcmtk:3.6.0:*:*:*:*:*:*:*' };
    writeFileSync(sbom, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [dcmtk] }));
    await rg('sbom', 'import', sbom, '--model', 'Siemens SOMATOM go.Up');
    await rg('scan', `${ct.address}-${us.address.split('.')[3]}`, '--fast', '--no-progress');

    const pw = join(dir, 'pw');
    writeFileSync(pw, `${PASSWORD}\n`);
    const [added] = await Promise.all([
      rg('users', 'add', 'head-of-imaging', '--role', 'admin', '--password-file', pw),
      rg(
        'users',
        'add',
        'siemens-fse',
        '--role',
        'vendor-service',
        '--manufacturer',
        'Siemens',
        '--expires',
        '2030-12-31',
        '--password-file',
        pw,
      ),
    ]);
    totpSecret = /secret=([A-Z2-7]+)/.exec(added.stdout + added.stderr)![1]!;
    server = await serve(db);
    fresh = await freshServing;
    browser = await launching;
    [admin, vendor] = await Promise.all([userContext(browser), userContext(browser)]);
  });

  afterAll(async () => {
    // closed even when set-up failed half way: a launched Chromium must not outlive the test
    await (await launching?.catch(() => undefined))?.close();
    server?.proc.kill('SIGTERM');
    (await freshServing?.catch(() => undefined))?.proc.kill('SIGTERM');
    net?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const adminPage = async () => admin.pages()[0] ?? admin.newPage();

  it('first run: the setup token creates the first admin, TOTP enrolled, and the empty dashboard says why', async () => {
    await expect.poll(() => fresh!.output()).toMatch(/setup token[^\n]*:\n\s+\S+/);
    const token = /setup token[^\n]*:\n\s+(\S+)/.exec(fresh!.output())![1]!;
    const context = await userContext(browser);
    const page = await context.newPage();
    watch(page);
    await page.goto(fresh!.url);
    await page.getByRole('heading', { name: 'First-run setup' }).waitFor();
    await shot(page, '00-first-run-setup');
    await page.getByLabel('Setup token').fill(token);
    await page.getByLabel('Administrator username').fill('pacs-admin');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    const uri = (await page.getByTestId('totp-uri').textContent())!;
    const totp = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    await page.getByLabel('Authenticator code').fill(totp.generate());
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('Administrator pacs-admin created').waitFor();
    await page.getByLabel('Username').fill('pacs-admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel(/Authenticator code/).fill(totp.generate({ timestamp: Date.now() + 30_000 })); // the enrolment code is spent
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('posture').waitFor();
    expect(await page.getByTestId('posture').textContent()).toContain('not assessed');
    expect(await page.getByTestId('practices').textContent()).toMatch(/Not assessed: /);
    await shot(page, '00-first-run-empty-dashboard');
    await context.close();
  });

  it('an admin logs in with password and TOTP and sees the dashboard of that scan', async () => {
    const page = await adminPage();
    watch(page);
    await page.goto(server.url);
    await page.getByLabel('Username').fill('head-of-imaging');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    // the server asks for the second factor; the page says so and focuses the code field
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/code/i);
    await shot(page, '01-login-totp');
    await page.getByLabel(/Authenticator code/).fill(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate());
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('posture').waitFor();
    await expect.poll(() => page.getByTestId('scope-summary').textContent()).toMatch(/2 devices in your scope · 1 finished scan ·/);
    expect(await page.getByTestId('posture').textContent()).toMatch(/\d+\/100/);
    const practices = page.getByTestId('practices').locator('tbody tr');
    expect(await practices.count()).toBe(5);
    // the anonymous FTP login of the CT is a high finding from this very scan
    expect(await page.getByTestId('severity-counts').textContent()).toMatch(/high [1-9]/);
    // the CT's end of support (2025-06-30) is past: it heads the timeline
    expect(await page.getByTestId('eos').locator('tbody tr').first().textContent()).toMatch(/2025-06-30.*CT-EAST-1.*ended/);
    await page.locator('canvas').first().waitFor();
    await shot(page, '02-dashboard');
  });

  it('opens an asset with its ports, findings and lifecycle, and accepts a risk on a finding', async () => {
    const page = await adminPage();
    await nav(page, 'Assets').click();
    await page.getByRole('link', { name: 'CT-EAST-1' }).click();
    await page.getByRole('heading', { name: 'CT-EAST-1' }).waitFor();
    expect(await page.getByTestId('ports').textContent()).toMatch(/21\s*tcp\s*ftp/);
    expect(await page.locator('.notes').textContent()).toContain('Service laptop');
    expect(await page.getByTestId('sboms').textContent()).toMatch(/somatom\.cdx\.json.*model Siemens SOMATOM go\.Up.*cyclonedx-json 1\.5\s*1/);
    await page.getByRole('link', { name: /CVE-2015-8979 in dcmtk 3\.6\.0/ }).first().waitFor(); // from the SBOM
    await shot(page, '03-asset');
    // A device SBOM uploaded on this page is re-assessed at once: its CVE shows without a scan.
    const upload = page.getByRole('form', { name: 'Upload an SBOM' });
    await upload.getByLabel('this device only').check();
    const vsftpd = { type: 'application', 'bom-ref': 'ftp', name: 'vsftpd', version: '2.3.4', cpe: 'cpe:2.3:a:vsftpd_project:vsftpd:2.3.4:*:*:*:*:*:*:*' };
    await upload.getByLabel(/SBOM file/).setInputFiles({
      name: 'ct-east-1.cdx.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [vsftpd] })),
    });
    await upload.getByRole('button', { name: 'Upload SBOM' }).click();
    await expect
      .poll(() => upload.getByRole('status').textContent().catch(() => ''))
      .toMatch(/Stored ct-east-1\.cdx\.json as SBOM #\d+: 1 components, 1 with a CPE or purl; it describes 1 device\(s\)\. Re-assessed 1 device\(s\): [1-9]\d* new finding/);
    await page.getByRole('link', { name: /CVE-2011-2523 in vsftpd 2\.3\.4/ }).first().waitFor();
    expect(await page.getByTestId('sboms').textContent()).toMatch(/ct-east-1\.cdx\.json.*this device/);
    await shot(page, '03b-sbom-uploaded');
    // The manufacturer's VEX says the backdoor build is not on this device: re-assessed, the finding is a false positive.
    const vex = page.getByRole('form', { name: 'Upload a VEX' });
    await vex.getByLabel('this device only').check();
    await vex.getByLabel(/VEX document/).setInputFiles({
      name: 'ct-east-1.openvex.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        openVexJson(
          [{ cve: 'CVE-2011-2523', product: vsftpd.cpe, status: 'not_affected', justification: 'vulnerable_code_not_present' }],
          'Siemens Healthineers PSIRT',
        ),
      ),
    });
    await vex.getByRole('button', { name: 'Upload VEX' }).click();
    await expect
      .poll(() => vex.getByRole('status').textContent().catch(() => ''))
      .toMatch(/Recorded 1 statement\(s\) of ct-east-1\.openvex\.json for asset:\S+; they concern 1 device\(s\)\. Re-assessed 1 device\(s\): 0 new finding\(s\), 0 reopened, 0 resolved, 1 false positive/);
    await expect
      .poll(() => page.getByRole('row', { name: /CVE-2011-2523 in vsftpd 2\.3\.4/ }).textContent())
      .toMatch(/false positive/);

    await page
      .getByRole('link', { name: /anonymous/i })
      .first()
      .click();
    await page.getByTestId('evidence').waitFor();
    expect(await page.getByTestId('state').textContent()).toBe('open');
    await page.getByRole('button', { name: 'Accept risk…' }).click();
    await page
      .getByLabel('Reason the risk is accepted')
      .fill('Vendor replaces the FTP service in the Q3 software update; port blocked at the modality firewall.');
    await shot(page, '04-accept-risk-form');
    await page.getByRole('button', { name: 'Accept risk', exact: true }).click();
    await expect.poll(() => page.getByTestId('state').textContent()).toBe('risk accepted');
    expect(await page.locator('dl.facts').textContent()).toContain('Q3 software update');
    await shot(page, '05-risk-accepted');
  });

  it('pages the assets and findings lists by the server’s cursor, forward and back, by keyboard', async () => {
    const page = await adminPage();
    const lists: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/(assets|findings)\?/.test(r.url())) lists.push(r.url());
    });
    const pager = page.getByRole('navigation', { name: 'Pages' });
    const [first, previous, next] = ['First', 'Previous', 'Next'].map((name) => pager.getByRole('button', { name, exact: true }));
    const range = pager.getByRole('status');
    await nav(page, 'Assets').click();
    await page.getByRole('link', { name: 'CT-EAST-1' }).waitFor();
    // both devices fit on one page: nowhere to go, and the total is the server's exact count
    await expect.poll(() => range.textContent()).toBe('1–2 of 2');
    expect(await next!.isDisabled()).toBe(true);
    expect(await previous!.isDisabled()).toBe(true);
    expect(await pager.getByTestId('list-total').getAttribute('data-total-source')).toMatch(/^(counted|cached)$/);

    // one device a page: Next, by keyboard, reaches the second device with the first page's cursor
    await page.goto(`${server.url}/assets?limit=1`);
    await page.getByRole('link', { name: 'CT-EAST-1' }).waitFor();
    await expect.poll(() => range.textContent()).toBe('1–1 of 2');
    await next!.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'US-WARD-3' }).waitFor();
    expect(await page.locator('table.grid tbody tr').count()).toBe(1);
    await expect.poll(() => range.textContent()).toBe('2–2 of 2');
    expect(lists.at(-1)).toMatch(/[?&]cursor=[\w-]+/);
    expect(lists.every((u) => !/[?&]offset=/.test(u))).toBe(true);
    // the last page: Next is disabled, and the focus moved on to Previous instead of being dropped
    expect(await next!.isDisabled()).toBe(true);
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Previous'); // a string: no DOM types here
    await shot(page, '05b-assets-second-page');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'CT-EAST-1' }).waitFor();
    await expect.poll(() => range.textContent()).toBe('1–1 of 2');
    expect(await first!.isDisabled()).toBe(true);
    // a new sort starts over on its own first page
    await next!.click();
    await page.getByRole('link', { name: 'US-WARD-3' }).waitFor();
    await page.getByRole('button', { name: /^Name/ }).click();
    await expect.poll(() => range.textContent()).toBe('1–1 of 2');
    await page.getByRole('link', { name: 'US-WARD-3' }).waitFor(); // name, descending
    expect(await previous!.isDisabled()).toBe(true);

    // the findings list pages the same way
    await page.goto(`${server.url}/findings?limit=1`);
    await expect.poll(() => range.textContent()).toMatch(/^1–1 of [2-9]/);
    const firstFinding = await page.locator('table.grid tbody').textContent();
    // While the next page is on its way, the range still describes the rows on screen (the list is marked busy).
    let release!: () => void;
    const held = new Promise<void>((ok) => (release = ok));
    await page.route(/\/api\/findings\?.*cursor=/, async (route) => {
      await held;
      await route.continue();
    });
    const asked = page.waitForRequest(/\/api\/findings\?.*cursor=/);
    await next!.click();
    await asked;
    await expect.poll(() => pager.getAttribute('aria-busy')).toBe('true');
    expect(await range.textContent()).toMatch(/^1–1 of /);
    expect(await page.locator('table.grid tbody').textContent()).toBe(firstFinding);
    release();
    await expect.poll(() => range.textContent()).toMatch(/^2–2 of /);
    expect(await page.locator('table.grid tbody').textContent()).not.toBe(firstFinding);
    await page.unroute(/\/api\/findings\?.*cursor=/);
    await previous!.click();
    await expect.poll(() => page.locator('table.grid tbody').textContent()).toBe(firstFinding);
  });

  it('downloads the executive PDF, a real PDF with pages', async () => {
    const page = await adminPage();
    await nav(page, 'Reports').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Executive report \(PDF\)/ }).click(),
    ]);
    const file = join(dir, 'executive.pdf');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { stdout } = await run('pdfinfo', [file]);
    expect(Number(/Pages:\s+(\d+)/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(1);
    await page.getByRole('status').waitFor();
    await shot(page, '06-reports');
  });

  it('admin pages: the users, the audit log with the day’s triage decision and export, and API tokens', async () => {
    const page = await adminPage();
    await nav(page, 'Users').click();
    const users = page.locator('table.grid tbody');
    await users.getByText('siemens-fse').waitFor();
    expect(await users.getByRole('row', { name: /siemens-fse/ }).textContent()).toMatch(/vendor-service.*Siemens.*2030-12-31.*active/);
    await shot(page, '06-admin-users');
    await nav(page, 'Audit log').click();
    await page.locator('table.grid tbody tr').first().waitFor();
    const log = (await page.locator('table.grid tbody').textContent())!;
    expect(log).toContain('finding.triage');
    expect(log).toContain('report.exported');
    expect(log).toMatch(/risk-accepted/);
    await shot(page, '06-admin-audit');
    // an API token: made, listed with the owner's role, revoked
    await nav(page, 'API tokens').click();
    await page.getByText('No tokens.').waitFor();
    await page.getByLabel('Name').fill('CMMS sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('code.secret').waitFor();
    const token = page.locator('table.grid tbody').getByRole('row', { name: /CMMS sync/ });
    expect(await token.textContent()).toMatch(/CMMS sync.*head-of-imaging.*admin.*active/);
    page.once('dialog', (d) => void d.accept());
    await token.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => token.textContent()).toMatch(/revoked \d{4}-\d\d-\d\d/);
    expect(await token.getByRole('button').count()).toBe(0);
    await shot(page, '06-admin-tokens');
  });

  it('starts a scan, watches it live over server-sent events, and compares it with the first', async () => {
    const page = await adminPage();
    await nav(page, 'Scans').click();
    await page.getByText('Start a scan').click();
    await page.getByLabel(/^Targets/).fill(net.host('ct').address);
    await page.getByLabel(/^Ports/).fill('21');
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('heading', { name: /^Scan scan_/ }).waitFor();
    // the scan's own events arrive over the stream: its host, its findings, then the end; the page then shows the result
    await expect.poll(() => page.locator('.events').textContent(), { timeout: 45_000 }).toMatch(/done\s*complete/);
    const events = (await page.locator('.events').textContent())!;
    expect(events).toContain(`${net.host('ct').address}: alive, open ports 21`);
    expect(events).toMatch(/finding\s*high — Anonymous FTP login allowed on 10\.77\.50\.11:21/);
    expect(await page.getByText('Live: done').count()).toBe(1);
    await expect.poll(() => page.locator('.status').first().textContent()).toBe('complete');
    expect(await page.locator('main').textContent()).toContain('Anonymous FTP login allowed');
    await shot(page, '07-scan-done');

    await nav(page, 'Scans').click();
    const scanIds = page.locator('table.grid tbody tr td:nth-child(2)');
    await expect.poll(() => scanIds.count()).toBe(2);
    const ids = await scanIds.allTextContents();
    await page.getByLabel('Older scan').selectOption(ids[1]!);
    await page.getByLabel('Newer scan').selectOption(ids[0]!);
    await page.getByRole('button', { name: 'Show differences' }).click();
    await page.getByRole('heading', { name: 'Differences between two scans' }).waitFor();
    await expect.poll(() => page.locator('main').textContent()).toContain(`From ${ids[1]}`);
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain(`to ${ids[0]}`);
    expect(text).toMatch(/New findings \(\d+\)/);
    await shot(page, '08-scan-diff');
  });

  it('a vendor-service user, logging in by keyboard alone, sees only its manufacturer’s device', async () => {
    const page = await vendor.newPage();
    watch(page);
    await page.goto(server.url);
    await page.getByLabel('Username').waitFor();
    await page.keyboard.type('siemens-fse'); // the username field has focus on arrival
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/Vendor service · only Siemens devices/);
    await expect.poll(() => page.getByTestId('scope-summary').textContent()).toMatch(/^1 device in your scope/);
    await shot(page, '09-vendor-dashboard');
    // no segmentation (a whole-network view), no admin pages
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toMatch(/Segmentation|Users|Audit log/);

    await page.goto(`${server.url}/assets`);
    await page.getByRole('link', { name: 'CT-EAST-1' }).waitFor();
    expect(await page.locator('table.grid tbody tr').count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('US-WARD-3');
    await shot(page, '10-vendor-assets');

    // the GE device by its id: answered as if it did not exist
    const adminSide = await adminPage();
    // typed into the search box: the settled text becomes ?q= and the server's search narrows the list
    await adminSide.goto(`${server.url}/assets`);
    await adminSide.getByRole('searchbox').fill('WARD');
    await adminSide.waitForURL(/[?&]q=WARD/);
    await expect.poll(() => adminSide.locator('main tbody').textContent()).not.toContain('CT-EAST-1');
    const geHref = await adminSide.getByRole('link', { name: 'US-WARD-3' }).getAttribute('href');
    await page.goto(`${server.url}${geHref}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/no asset .*outside the devices your account may see/s);
    await shot(page, '11-vendor-other-asset');
  });

  it("a vendor's not affected waits on the VEX proposals page until the admin approves it", async () => {
    const page = vendor.pages()[0]!;
    await page.goto(`${server.url}/assets`);
    await page.getByRole('link', { name: 'CT-EAST-1' }).click();
    const vex = page.getByRole('form', { name: 'Upload a VEX' });
    await vex.getByLabel(/VEX document/).setInputFiles({
      name: 'somatom.openvex.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        openVexJson(
          [
            { cve: 'CVE-2015-8979', product: 'cpe:2.3:a:dicom:dcmtk:3.6.0:*:*:*:*:*:*:*', status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
            { cve: 'CVE-2022-2121', product: 'cpe:2.3:a:dicom:dcmtk:3.6.0:*:*:*:*:*:*:*', status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
          ],
          'Siemens Healthineers PSIRT',
        ),
      ),
    });
    await vex.getByRole('button', { name: 'Upload VEX' }).click();
    await expect
      .poll(() => vex.getByRole('status').textContent().catch(() => ''))
      .toMatch(/2 of them \(not affected, false positive\) await the site's approval.*Re-assessed 1 device\(s\): .* 0 false positive/);
    await nav(page, 'VEX proposals').click();
    await page.getByRole('cell', { name: 'CVE-2015-8979' }).waitFor();
    expect(await page.getByRole('button', { name: /Approve/ }).count()).toBe(0); // the vendor proposes; the site decides
    await shot(page, '12-vendor-vex-proposal');

    // The admin's dashboard says something waits, and leads there.
    const admin = await adminPage();
    await nav(admin, 'Dashboard').click();
    const pending = admin.getByTestId('vex-pending');
    await expect.poll(() => pending.textContent().catch(() => '')).toMatch(/^2 vendor VEX statements that would take findings out await your approval/);
    await pending.getByRole('link', { name: 'VEX proposals' }).click();
    const row = admin.getByRole('row', { name: /CVE-2015-8979/ });
    expect(await row.textContent()).toMatch(/not_affected \(vulnerable_code_not_in_execute_path\).*siemens-fse/);
    await shot(admin, '13-vex-proposals');
    await row.getByRole('button', { name: 'Approve not_affected for CVE-2015-8979' }).click();
    await expect
      .poll(() => admin.getByRole('status').textContent().catch(() => ''))
      .toMatch(/Approved: not_affected for CVE-2015-8979 \(model:siemens somatom go\.up\)\. Re-assessed 1 device\(s\): 1 false positive/);
    // The rest of the vendor's document at once.
    const doc = admin.getByRole('region', { name: /Proposals of https:\/\/vex\.example\/Siemens/ });
    expect(await doc.getByRole('heading').textContent()).toMatch(/1 statement\(s\) by siemens-fse$/);
    await doc.getByRole('button', { name: 'Approve all 1' }).click();
    await expect
      .poll(() => admin.getByRole('status').textContent().catch(() => ''))
      .toMatch(/Approved: 1 statement\(s\) of https:\/\/vex\.example\/Siemens%20Healthineers%20PSIRT\/1\. Re-assessed 1 device\(s\): 1 false positive/);
    await admin.getByText('No VEX statement awaits approval.').waitFor();
    await admin.goto(`${server.url}/findings?q=CVE-2015-8979`);
    await expect.poll(() => admin.getByRole('row', { name: /CVE-2015-8979 in dcmtk 3\.6\.0/ }).first().textContent()).toMatch(/false positive/);
  });

  it('a device the inventory lists without an address shows what the desk re-assessment found on it', async () => {
    // A spare scanner in storage: no address, support ended. Judged at the desk, its findings are kept under its asset id.
    const spare = join(dir, 'spare.json');
    const device = { name: 'US-SPARE', manufacturer: 'GE', model: 'LOGIQ E10', site: 'east', serial: 'GE-SP-1', criticality: 'low', end_of_support: '2024-06-30' };
    writeFileSync(spare, JSON.stringify([device]));
    await rg('assets', 'import', spare);
    const reassessed = await rg('vulns', 'reassess', '--asset', 'GE-SP-1', '--json').catch((e: { code: number; stdout: string }) => e); // 1: something opened
    expect(JSON.parse(reassessed.stdout)).toMatchObject({ unprobed: 1, opened: 1 });
    const page = await adminPage();
    await page.goto(`${server.url}/findings?q=end%20of%20support`);
    const row = page.getByRole('row', { name: /past end of support.*no address/ });
    await row.getByRole('link', { name: 'US-SPARE (no address)' }).click(); // named as the inventory names it
    await page.getByRole('heading', { name: 'US-SPARE' }).waitFor();
    await page.getByRole('link', { name: 'Device or operating system past end of support' }).click();
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('US-SPARE (no address)');
    await shot(page, '14-asset-without-address');
  });

  it('no page tripped the content security policy or threw', () => {
    expect(problems).toEqual([]);
  });
});
