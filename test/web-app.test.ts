// The web app in a real browser (Debian's Chromium driven by playwright-core; never a downloaded browser): the first
// screen says what is missing, a question is answered with its live steps, SQL and rows, and a clarification or an
// unanswerable question is shown in words. Skipped, saying why, when /usr/bin/chromium is absent.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createLogger, loadSettings } from '@querent/common';
import { startEmbedded, type RunningQuerent } from '@querent/gateway';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);

let running: RunningQuerent;
let browser: Browser;
let dataDir: string;

before(async () => {
  if (!hasChromium) return;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'querent-web-'));
  running = await startEmbedded(loadSettings({ QUERENT_DATA_DIR: dataDir, PORT: '0', QUERENT_HEALTH_INTERVAL_MS: '60000' }), createLogger('test', 'warn'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await running?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('web app', { skip: hasChromium ? false : `${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run installs it)` }, () => {
  it('shows services, the demo database and what set-up is missing', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(running.gateway.url + '/');
    await page.waitForSelector('#services tbody tr');
    assert.equal(await page.locator('#services tbody tr').count(), 5);
    await page.waitForSelector('#databases tbody tr');
    assert.match(await page.locator('#databases tbody').innerText(), /demo/);
    await page.waitForSelector('#setup:not([hidden]) #missing-steps li');
    assert.ok((await page.locator('#missing-steps li').count()) > 0, 'the first screen lists what is missing');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('answers a question with its steps, its SQL and the rows', async () => {
    const page = await browser.newPage();
    await page.goto(running.gateway.url + '/');
    await page.waitForSelector('#ask-database option:nth-child(2)', { state: 'attached' });
    await page.fill('#question', 'How many orders are there?');
    await page.click('#ask-button');
    await page.waitForSelector('#answer:not([hidden])', { timeout: 30_000 });
    assert.match(await page.locator('#answer-status').innerText(), /answered/);
    assert.match(await page.locator('#answer-sql').innerText(), /COUNT\(\*\)/i);
    assert.equal(await page.locator('#answer-rows tbody td').first().innerText(), '60000');
    const steps = await page.locator('#ask-steps li').allInnerTexts();
    assert.ok(steps.some((s) => s.startsWith('execute: done')), steps.join(' | '));
    assert.ok(steps.some((s) => s.startsWith('chart: skipped')), 'says what is not available yet');
    await page.screenshot({ path: path.join(dataDir, 'answer.png') });
    await page.close();
  });

  it('says what is missing for a question the data cannot answer, without a bare error', async () => {
    const page = await browser.newPage();
    await page.goto(running.gateway.url + '/');
    await page.fill('#question', 'How many unicorns live on Mars?');
    await page.click('#ask-button');
    await page.waitForSelector('#answer:not([hidden])', { timeout: 30_000 });
    const status = await page.locator('#answer-status').innerText();
    assert.match(status, /unanswerable|needs clarification/);
    assert.ok((await page.locator('#answer-explanation').innerText()).length > 10);
    assert.equal(await page.locator('#answer-rows').isHidden(), true);
    await page.close();
  });
});
