import { chromium } from 'playwright-core';
const [file, probe] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await b.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto('file://' + file);
const idle = () => page.waitForFunction(() => document.getElementById('nx-busy').hidden && document.body.dataset.ready === 'true', null, { timeout: 120000, polling: 'raf' });
await idle();
await page.waitForTimeout(2000);
for (let i = 0; i < 4; i++) {
  let t = Date.now();
  await page.fill('#nx-search', probe);
  const fill = Date.now() - t; t = Date.now();
  await page.press('#nx-search', 'Enter');
  await page.waitForSelector('#nx-panel:not([hidden])', { polling: 'raf' });
  await idle();
  console.log({ fill, enterToDrawn: Date.now() - t, inPage: await page.getAttribute('body', 'data-select-ms') });
  await page.keyboard.press('Escape'); await idle(); await page.waitForTimeout(300);
}
await b.close();
