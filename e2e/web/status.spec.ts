import { api, expect, openUi, snap, test } from '../fixtures/host';

interface Status {
  version: string;
  proxyUrl: string;
  proxyPort: number;
  dataDir: string;
  configPath: string;
  requestsToday: number;
}

test('the status page shows what app:status reports', async ({ page, host }, testInfo) => {
  const status = await api<Status>(host, 'app:status');
  await openUi(page, host);
  // A fresh data dir has no providers, so the first visit lands in onboarding: skip it here.
  await page.goto(`${host.url}/#/`);
  const skip = page.getByRole('button', { name: 'Skip setup' });
  if (await skip.isVisible().catch(() => false)) await skip.click();
  await expect(page.getByRole('heading', { name: 'Status', level: 1 })).toBeVisible();
  await expect(page.getByTestId('proxy-url')).toHaveText(status.proxyUrl);
  await expect(page.getByTestId('proxy-port')).toHaveText(String(status.proxyPort));
  await expect(page.getByTestId('data-dir')).toHaveText(host.dataDir);
  await expect(page.getByTestId('config-path')).toHaveText(status.configPath);
  await expect(page.getByTestId('version')).toContainText(status.version);
  await expect(page.getByTestId('requests-today')).toHaveText(String(status.requestsToday));
  expect(status.proxyUrl).toBe(host.url);
  await snap(page, testInfo, 'status');
  // The theme follows the OS.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(15, 18, 22)');
  await snap(page, testInfo, 'status-dark');
});

test('keyboard users can reach every page from the sidebar', async ({ page, host }) => {
  await openUi(page, host, 'welcome');
  // With no providers the Status link would lead to onboarding; skip it for this walk.
  const skip = page.getByRole('button', { name: 'Skip setup' });
  if (await skip.isVisible().catch(() => false)) await skip.click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Status', 'Providers', 'Model slots', 'Live', 'Sessions', 'Usage', 'Clients', 'Settings']) {
    const link = nav.getByRole('link', { name });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(link).toHaveAttribute('aria-current', 'page');
  }
});

test('settings show the port, a masked app token and recording options', async ({ page, host }, testInfo) => {
  await openUi(page, host, 'settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  test.fixme(
    !(await page
      .getByLabel('Port')
      .isVisible()
      .catch(() => false)) && (await page.getByText('is not available in this build yet').isVisible()),
    'settings:get is not available in this build yet',
  );
  await expect(page.getByLabel('Port')).toHaveValue(/^\d+$/);
  const token = page.getByTestId('app-token');
  await expect(token).not.toHaveText(host.token);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(token).toHaveText(host.token);
  await page.getByRole('button', { name: 'Hide' }).click();

  // Back up Switchyard's own config and data.
  await page.getByRole('button', { name: 'Back up now' }).click();
  const saved = page.getByText(/^Saved .* to /);
  const failed = page.getByRole('alert');
  await expect(saved.or(failed)).toBeVisible();
  test.fixme(
    await failed.getByText('is not available in this build yet').isVisible(),
    'settings:backupData is not available in this build yet',
  );
  await expect(saved).toBeVisible();
  await snap(page, testInfo, 'settings');
});

test('a banner says so while the host is unreachable', async ({ page, host }, testInfo) => {
  await openUi(page, host, 'live');
  await expect(page.getByText('Disconnected from Switchyard')).toHaveCount(0);
  // Our own child, by PID: SIGKILL so the event stream drops at once.
  process.kill(host.pid, 'SIGKILL');
  await expect(page.getByText('Disconnected from Switchyard')).toBeVisible();
  await snap(page, testInfo, 'disconnected');
});
