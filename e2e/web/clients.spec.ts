import fs from 'node:fs';
import path from 'node:path';
import { channelAvailable, expect, openUi, snap, test } from '../fixtures/host';

test.use({
  hostOptions: {
    mock: true,
    config: (mock) => `providers:
  - { id: mock, protocol: anthropic, baseUrl: "${mock!.url}", apiKey: k }
`,
  },
});

test('configure Claude Code in a temp HOME and restore the backup', async ({ page, host }, testInfo) => {
  test.fixme(
    !(await channelAvailable(host, 'integrations:status', {})),
    'integrations:status is not available in this build yet (integrations not landed)',
  );
  const settingsPath = path.join(host.home, '.claude', 'settings.json');
  const original = JSON.stringify({ theme: 'dark', env: { FOO: 'bar' } }, null, 2) + '\n';
  fs.mkdirSync(path.dirname(settingsPath), { recursive: true });
  fs.writeFileSync(settingsPath, original);

  await openUi(page, host, 'clients');
  const card = page.getByRole('article', { name: 'Claude Code' });
  await expect(card).toBeVisible();
  await expect(card).toContainText(settingsPath);

  await card.getByRole('button', { name: 'Preview changes' }).click();
  await expect(card.getByLabel('Diff preview')).toContainText(host.url);
  await snap(page, testInfo, 'clients-preview');

  await card.getByRole('button', { name: /^(Re)?[Cc]onfigure Claude Code$/ }).click();
  await expect(card.getByText(/Configured Claude Code|Already configured/)).toBeVisible();
  await expect(card.getByText('Uses Switchyard')).toBeVisible();
  const configured = JSON.parse(fs.readFileSync(settingsPath, 'utf8')) as { theme?: string; env?: Record<string, string> };
  expect(configured.theme).toBe('dark');
  expect(configured.env?.FOO).toBe('bar');
  expect(configured.env?.ANTHROPIC_BASE_URL).toBe(host.url);
  await snap(page, testInfo, 'clients-configured');

  page.once('dialog', (d) => void d.accept());
  await card
    .getByRole('button', { name: /Restore backup from/ })
    .first()
    .click();
  await expect(card.getByText(/^Restored /)).toBeVisible();
  expect(fs.readFileSync(settingsPath, 'utf8')).toBe(original);
  await expect(card.getByText('Uses Switchyard')).toHaveCount(0);
});
