// The admin console in a real browser against a real `npm start` stack (gateway + embedded Postgres +
// training worker): sign in, create a key, upload a CSV, define and train a model while the chart
// follows the runProgress subscription, compare runs, set an alias, predict, and use GraphiQL.
// Debian's Chromium drives it headless; any browser console error fails the test. A screenshot of
// each page lands in test-artifacts/console/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, saveScreenshot, watchConsole, type ConsoleWatcher } from './support/browser.ts';
import { toCsv, vegaJson } from './support/data.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const EPOCHS = 5;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mg-console-e2e-'));

let gateway: ChildProcess | null = null;
let gatewayOutput = '';
let baseUrl = '';
let adminKey = '';
let browser: Browser | null = null;
let context: BrowserContext;
let page: Page;
let watcher: ConsoleWatcher;
const externalRequests: string[] = [];
const liveEpochFrames: number[] = [];

function startGateway(): Promise<{ url: string; key: string }> {
  const { DATABASE_URL: _db, MODELGRAPH_OPERATOR_KEY: _op, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/gateway/src/main.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', MODELGRAPH_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  gateway = child;
  child.stdout!.on('data', (d) => (gatewayOutput += d));
  child.stderr!.on('data', (d) => (gatewayOutput += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${gatewayOutput}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}:\n${gatewayOutput}`)));
    const poll = setInterval(() => {
      const url = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(gatewayOutput)?.[1];
      const key = /api key: (mg_live_\S+)/.exec(gatewayOutput)?.[1];
      if (url && key) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ url, key });
      }
    }, 50);
  });
}

async function gql(query: string, variables: Record<string, unknown> = {}, key = adminKey) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function schemaHas(type: string, field: string): Promise<boolean> {
  const res = await gql(`query($name: String!) { __type(name: $name) { fields { name } } }`, { name: type });
  return Boolean(res.data?.__type?.fields?.some((f: { name: string }) => f.name === field));
}

/** Client-side navigation through the main menu (keyboard-reachable links). */
async function openFromMenu(label: string, heading: string | RegExp) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

async function uploadProgress(): Promise<number[]> {
  return page.evaluate(() => [...(window as unknown as { __uploadProgress: number[] }).__uploadProgress]);
}

function penguinsCsv(): string {
  const rows = vegaJson('penguins.json')
    .filter((r) => r['Beak Length (mm)'] != null && r['Body Mass (g)'] != null)
    .map((r) => ({
      species: r.Species ?? null,
      island: r.Island ?? null,
      beak_length: r['Beak Length (mm)'] ?? null,
      beak_depth: r['Beak Depth (mm)'] ?? null,
      flipper: r['Flipper Length (mm)'] ?? null,
      mass: r['Body Mass (g)'] ?? null,
    }));
  return toCsv(rows);
}

beforeAll(async () => {
  // Fails (does not skip) without Chromium, saying how to install it.
  requireChromium();
  const started = await startGateway();
  baseUrl = started.url;
  adminKey = started.key;
  // The gateway serves the console at /console (building it first when dist is missing or stale).
  const res = await fetch(`${baseUrl}/console/`);
  if (res.status === 404) {
    throw new Error('The gateway does not serve the console at /console: hook createConsoleHandler (apps/console/serve.ts) into its router.');
  }
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: baseUrl });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  watcher = watchConsole(page);
  const origin = new URL(baseUrl).host;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.host !== origin) externalRequests.push(request.url());
  });
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => {
      const text = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8');
      const epoch = /"kind":"EPOCH".*?"epoch":\{"epoch":(\d+)/.exec(text)?.[1];
      if (epoch) liveEpochFrames.push(Number(epoch));
    });
  });
  // Records every value the upload progress bar shows, however briefly it is on screen.
  await page.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { __uploadProgress: number[] }).__uploadProgress = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('progress[aria-label="Upload progress"]') as HTMLProgressElement | null;
      if (bar && seen[seen.length - 1] !== bar.value) seen.push(bar.value);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  });
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway!.once('exit', resolve));
    gateway.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (gateway.exitCode === null) gateway.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('admin console in Chromium against npm start', () => {
  let datasetVersionId = '';
  let firstRunId = '';
  let modelId = '';

  it('signs in with the admin key using only the keyboard', async () => {
    await page.goto('/console/');
    const input = page.getByLabel('API key');
    await input.waitFor();
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    await saveScreenshot(page, '01-login');
    await page.keyboard.type(adminKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByText('default', { exact: true }).first().waitFor();
    // The first Tab reaches the skip link, and the menu is reachable from the keyboard.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await saveScreenshot(page, '02-overview');
  });

  it('creates an API key and shows its secret once, with a copy button', async () => {
    await openFromMenu('API keys', 'API keys');
    await page.getByRole('rowheader', { name: /bootstrap admin/ }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('e2e-notebook');
    await page.getByLabel(/^PREDICT/).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secretInput = page.getByLabel('Secret of the new key');
    await secretInput.waitFor();
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^mg_live_/);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Copied to the clipboard').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.getByRole('rowheader', { name: /e2e-notebook/ }).waitFor();
    await saveScreenshot(page, '03-keys-secret');

    // The secret works, with the scopes chosen.
    const me = await gql('{ me { apiKey { name } scopes } }', {}, secret);
    expect(me.data.me).toEqual({ apiKey: { name: 'e2e-notebook' }, scopes: ['READ', 'PREDICT'] });

    // Once hidden, it is gone for good.
    await page.getByRole('button', { name: /hide the secret/ }).click();
    expect(await page.getByLabel('Secret of the new key').count()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page.getByRole('rowheader', { name: /e2e-notebook/ }).waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('uploads a CSV, then a large new version with a moving progress bar, and shows columns, histograms, splits and rows', async () => {
    await openFromMenu('Datasets', 'Datasets');
    await page.getByText('No datasets yet.').waitFor();
    await page.getByLabel('Dataset name').fill('penguins');
    const csv = penguinsCsv();
    await page.getByLabel('File').setInputFiles({ name: 'penguins.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const label = page.getByLabel('Label column', { exact: true });
    await expect.poll(() => label.locator('option').count()).toBeGreaterThan(2);
    await label.selectOption('species');
    await page.getByRole('button', { name: 'Create and upload' }).click();
    await page.getByRole('heading', { level: 1, name: 'penguins' }).waitFor({ timeout: 60_000 });
    let progress = await uploadProgress();
    expect(progress[progress.length - 1]).toBe(100);
    datasetVersionId = new URL(page.url()).searchParams.get('version') ?? '';
    expect(datasetVersionId).not.toBe('');

    // Version 2: the same rows 600 times (about 7 MB), streamed while the server parses it, so
    // the progress bar moves through intermediate values.
    const lines = csv.trimEnd().split('\n');
    const big = `${[lines[0], ...Array.from({ length: 600 }, () => lines.slice(1)).flat()].join('\n')}\n`;
    await page.evaluate(() => (window as unknown as { __uploadProgress: number[] }).__uploadProgress.splice(0));
    await page.getByRole('button', { name: 'Upload new version' }).click();
    await page.getByLabel('File').setInputFiles({ name: 'penguins-large.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
    await expect.poll(() => page.getByLabel('Label column', { exact: true }).inputValue()).toBe('species');
    await page.getByRole('button', { name: 'Upload version' }).click();
    await page.getByText(/Uploading .* of /).waitFor();
    await saveScreenshot(page, '04-dataset-uploading');
    await page.getByRole('heading', { name: 'Version 2' }).waitFor({ timeout: 90_000 });
    progress = await uploadProgress();
    expect(progress.some((v) => v > 0 && v < 100)).toBe(true);
    expect(progress[progress.length - 1]).toBe(100);
    const versions = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Uploaded' }) });
    expect(await versions.getByRole('row').count()).toBe(3);

    // Back to version 1 for its details.
    await page.getByRole('button', { name: 'v1', exact: true }).click();
    await page.getByRole('heading', { name: 'Version 1' }).waitFor();
    const columns = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Statistics' }) });
    await columns.getByRole('rowheader', { name: 'beak_length' }).waitFor();
    expect(await columns.getByRole('row').count()).toBe(7); // header + 6 columns
    await expect.poll(() => page.getByLabel('Type of flipper').inputValue()).toBe('NUMERIC');
    await expect.poll(() => page.getByLabel('Type of island').inputValue()).toBe('CATEGORICAL');
    for (const column of ['beak_length', 'beak_depth', 'flipper', 'mass']) {
      const histogram = page.getByRole('figure', { name: `Histogram of ${column}` });
      expect(await histogram.locator('rect').count()).toBeGreaterThan(5);
    }
    await page.getByRole('img', { name: /train \d+ rows, validation \d+ rows, test \d+ rows/ }).waitFor();
    const preview = page.getByRole('region', { name: /Preview rows/ });
    await expect.poll(() => preview.getByRole('row').count()).toBe(21);
    await saveScreenshot(page, '05-dataset');
  });

  it('defines an MLP with inline validation errors, then trains it while the chart follows the run live', async () => {
    await page.getByRole('link', { name: 'Define a model on v1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Define a model' }).waitFor();
    expect(await page.getByLabel('Dataset version').inputValue()).toBe(datasetVersionId);
    await page.getByLabel('Model name').fill('penguins-mlp');

    // A client-side error (not a list of numbers), then a server-side one (validateModel).
    await page.getByLabel('Hidden units').fill('16, lots');
    await page.getByText('Use whole numbers separated by commas').waitFor();
    expect(await page.getByLabel('Hidden units').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Hidden units').fill('16');
    await page.getByLabel('Epochs').fill('0');
    await page.locator('.field-invalid').filter({ has: page.getByLabel('Epochs') }).getByText(/>=\s*1|at least|too small/i).waitFor();
    await saveScreenshot(page, '06-model-validation');
    await page.getByLabel('Epochs').fill(String(EPOCHS));
    await page.getByText('The definition is valid.').waitFor();
    await page.getByRole('table', { name: /Layers after expansion/ }).waitFor();
    await saveScreenshot(page, '07-model-new');

    await page.getByRole('button', { name: 'Create and start training' }).click();
    await page.getByRole('heading', { level: 1, name: /^Run / }).waitFor();
    firstRunId = page.url().split('/runs/')[1]!;
    await page.getByText(`Epoch ${EPOCHS} of ${EPOCHS}`, { exact: false }).waitFor({ timeout: 120_000 });
    const lossLine = page.getByRole('figure', { name: 'Loss per epoch' }).locator('[data-series="loss"]');
    expect(await lossLine.getAttribute('data-points')).toBe(String(EPOCHS));
    await page.getByText('succeeded', { exact: true }).first().waitFor({ timeout: 60_000 });
    await page.getByRole('img', { name: /Confusion matrix/ }).waitFor();
    // Epochs arrived over the runProgress subscription (graphql-ws), not by polling.
    expect(liveEpochFrames.length).toBeGreaterThan(0);
    expect(Math.max(...liveEpochFrames)).toBe(EPOCHS);
    await saveScreenshot(page, '08-run');
    modelId = (await page.getByRole('link', { name: 'penguins-mlp' }).first().getAttribute('href'))!.split('/models/')[1]!;
  });

  it('trains a second run and compares both (metrics table and overlaid curves)', async () => {
    await page.getByRole('link', { name: 'penguins-mlp' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'penguins-mlp' }).waitFor();
    await saveScreenshot(page, '09-model');
    await page.getByRole('button', { name: 'Start a training run' }).click();
    await page.getByRole('heading', { level: 1, name: /^Run / }).waitFor();
    await page.getByText(`Epoch ${EPOCHS} of ${EPOCHS}`, { exact: false }).waitFor({ timeout: 120_000 });
    await page.getByRole('img', { name: /Confusion matrix/ }).waitFor({ timeout: 60_000 });

    await openFromMenu('Runs', 'Runs');
    const checkboxes = page.getByRole('checkbox', { name: /Select run .* for comparison/ });
    await expect.poll(() => checkboxes.count()).toBe(2);
    await checkboxes.nth(0).check();
    await checkboxes.nth(1).check();
    await saveScreenshot(page, '10-runs');
    await page.getByRole('button', { name: 'Compare selected (2)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compare runs' }).waitFor();
    await page.getByRole('rowheader', { name: 'accuracy' }).waitFor();
    const curves = page.getByRole('figure', { name: /per epoch/ });
    expect(await curves.locator('g.series').count()).toBe(2);
    await saveScreenshot(page, '11-compare');
    expect(page.url()).toContain(firstRunId);
  });

  it('points the production alias at a version, refusing one that fails its gate', async (ctx) => {
    if (!(await schemaHas('Mutation', 'setAlias'))) ctx.skip('setAlias is not in the schema yet');
    await openFromMenu('Registry', 'Registry');
    await page.getByRole('heading', { name: 'Versions of penguins-mlp' }).waitFor();
    await page.getByRole('heading', { name: 'Point an alias at a version' }).waitFor();
    await page.getByLabel('Alias', { exact: true }).fill('production');
    await page.getByLabel('Version', { exact: true }).selectOption('1');
    await page.getByLabel('Gate', { exact: true }).selectOption('set');
    await page.getByLabel('Gate metric').selectOption('accuracy');
    await page.getByLabel('Comparison').selectOption('GTE');
    await page.getByLabel('Threshold').fill('1.5');
    await page.getByRole('button', { name: 'Set alias' }).click();
    await page.getByText(/The gate refused this version/).waitFor();
    await saveScreenshot(page, '12-registry-gate');
    await page.getByLabel('Threshold').fill('0.3');
    await page.getByRole('button', { name: 'Set alias' }).click();
    await page.getByText('production now points at v1.').waitFor();
    await page.locator('.alias-list').getByText('production').waitFor();
    await saveScreenshot(page, '13-registry');
  });

  it('predicts in the playground from a form generated from the model’s features', async (ctx) => {
    if (!(await schemaHas('Query', 'predict'))) {
      ctx.skip('predict is not in the schema yet: the playground step runs once the gateway has it');
    }
    await openFromMenu('Playground', 'Playground');
    await page.getByLabel('Model', { exact: true }).selectOption(modelId);
    for (const field of ['island', 'beak_length', 'beak_depth', 'flipper', 'mass']) await page.getByLabel(field, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Fill from a dataset row' }).click();
    expect(await page.getByLabel('island', { exact: true }).inputValue()).toBe('Torgersen');
    await page.getByRole('button', { name: 'Predict' }).click();
    const label = page.getByTestId('predicted-label');
    await label.waitFor();
    expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(await label.textContent());
    const probabilities = page.getByRole('list', { name: 'Class probabilities' }).getByRole('listitem');
    expect(await probabilities.count()).toBe(3);
    await saveScreenshot(page, '14-playground');
  });

  it('runs a query in the bundled GraphiQL, pre-authenticated, without any CDN', async () => {
    await openFromMenu('GraphQL explorer', 'GraphQL explorer');
    await page.locator('.graphiql-container').waitFor({ timeout: 60_000 });
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    await page.getByRole('button', { name: /Execute query/ }).click();
    await page.locator('.graphiql-response').getByText('"bootstrap admin"').waitFor({ timeout: 30_000 });
    await saveScreenshot(page, '15-explorer');
  });

  it('stayed offline and logged no console errors', () => {
    const warnings = watcher.log.filter((line) => line.startsWith('[warning]'));
    if (warnings.length > 0) console.log(`browser console warnings (not failures):\n${warnings.join('\n')}`);
    expect(externalRequests).toEqual([]);
    expect(watcher.problems).toEqual([]);
  });
});
