import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { channelAvailable, expect, openUi, snap, test, type Host } from '../fixtures/host';

test.use({
  hostOptions: {
    mock: true,
    config: (mock) => `providers:
  - { id: mock, name: Mock, protocol: anthropic, baseUrl: "${mock!.url}", apiKey: upstream-key, models: [claude-sonnet-4-5] }
routes:
  - { name: claude-sonnet-4-5, provider: mock }
`,
  },
});

/** Sends a streamed Claude-Code-shaped request through the proxy and reads it to the end. */
async function sendThroughProxy(host: Host, sessionId: string, text: string): Promise<string> {
  const res = await fetch(`${host.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${host.token}`,
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-app': 'cli',
      'user-agent': 'claude-cli/2.1.0 (external, cli)',
      'x-claude-code-session-id': sessionId,
    },
    body: JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      stream: true,
      messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    }),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`proxy answered ${res.status}: ${body}`);
  return body;
}

test('watch a request stream live, then open its session', async ({ page, host, mock }, testInfo) => {
  test.fixme(!(await channelAvailable(host, 'live:list')), 'live:list is not available in this build yet (live service not landed)');
  const sessionId = randomUUID();
  await openUi(page, host, 'live');
  await expect(page.getByText('Nothing in flight')).toBeVisible();

  // Slow stream: 25 deltas 150 ms apart, so the page sees it while it runs.
  mock!.enqueue('text,deltas:25,gap:150');
  const done = sendThroughProxy(host, sessionId, 'Please say hello to the e2e test.');
  const card = page.locator('article[data-exchange]').first();
  await expect(card).toBeVisible();
  await expect(card.getByText('Streaming')).toBeVisible();
  await expect(card.getByTestId('live-text')).toContainText('Hello');
  await snap(page, testInfo, 'live-streaming');
  const body = await done;
  expect(body).toContain('message_stop');
  await expect(page.getByRole('heading', { name: 'Just finished' })).toBeVisible();
  await expect(card.getByTestId('live-text')).toContainText('Hello from the Switchyard mock upstream.');

  test.fixme(!(await channelAvailable(host, 'sessions:list', {})), 'sessions:list is not available in this build yet (store not landed)');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
  const rows = page.getByRole('table', { name: 'Sessions' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await snap(page, testInfo, 'sessions-list');
  await rows.first().getByRole('link').click();
  const convo = page.getByRole('list', { name: 'Conversation' });
  await expect(convo.getByText('Please say hello to the e2e test.')).toBeVisible();
  await expect(convo.getByText('Hello from the Switchyard mock upstream.')).toBeVisible();
  const exchanges = page.getByRole('table', { name: 'Exchanges' });
  await expect(exchanges.locator('tbody tr').first()).toContainText('mock');
  await exchanges.getByRole('button', { name: 'Raw JSON of exchange 1' }).click();
  await expect(page.getByLabel('Client request')).toContainText('"claude-sonnet-4-5"');
  await snap(page, testInfo, 'session-view');

  // Export: in the browser the returned content becomes a download.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSONL' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
  const exported = fs.readFileSync((await download.path())!, 'utf8');
  expect(exported).toContain('Please say hello to the e2e test.');
  expect(exported).not.toContain(host.token);

  // …and it counts in Usage.
  test.fixme(!(await channelAvailable(host, 'usage:query', { groupBy: 'day' })), 'usage:query is not available in this build yet');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }).click();
  const byProvider = page.getByRole('table', { name: 'By provider' });
  await expect(byProvider.locator('tbody tr').first()).toContainText('mock');
  await expect(page.getByRole('figure', { name: 'Tokens per day' }).getByRole('application')).toBeVisible();
  await snap(page, testInfo, 'usage');
});
