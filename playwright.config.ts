import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/fixtures/chromium';

// Two projects: the web UI served by the headless host in Debian's Chromium (browsers cannot
// be downloaded here), and the Electron shell, whose specs skip where the binary is missing.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // scripts/test.mjs sets PLAYWRIGHT_JSON_OUTPUT_NAME to sum results; otherwise keep stdout readable.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'e2e/web',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 860 },
        launchOptions: chromiumLaunchOptions,
      },
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
    },
  ],
});
