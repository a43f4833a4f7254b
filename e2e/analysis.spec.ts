/**
 * The owner's analysis screens against a shop with months of history: past sales come in through
 * the CSV import (sales.record would stamp them all "now"), then RFM, a segment's members, a rule
 * segment built by hand with its live count, saved and reopened, and the dashboard.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Shop } from './fixtures';

interface Customer {
  id: string;
  code: string;
  fullName: string;
}

const AREAS = ['Quận 1', 'Quận 3', 'Bình Thạnh', '大安區'];
const NAMES = [
  'Nguyễn Thị Ánh',
  'Trần Quốc Bảo',
  '陳美玲',
  'Phạm Đức Huy',
  'Emily Carter',
  'Lê Minh Châu',
  'Đặng Thu Hà',
  '王小明',
  'Võ Thanh Tùng',
  'Hoàng Gia Linh',
];

/** A small deterministic PRNG so the shop looks the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function daysAgo(n: number): string {
  const d = new Date(Date.now() - n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function seedShop(shop: Shop): Promise<{ customers: Customer[]; buyers: number }> {
  const rand = rng(7);
  const customers: Customer[] = [];
  for (let i = 0; i < 40; i++) {
    const c = await shop.api<Customer>('customers.create', {
      fullName: `${NAMES[i % NAMES.length]} ${i + 1}`,
      phone: `09${String(10_000_000 + i * 7919).slice(0, 8)}`,
      area: AREAS[i % AREAS.length],
      gender: i % 3 === 0 ? 'male' : 'female',
      birthday: `${1970 + (i % 35)}-0${1 + (i % 9)}-15`,
      tags: i % 5 === 0 ? ['vip'] : [],
      consent: { marketing: i % 2 === 0, source: 'counter form' },
    });
    customers.push(c);
  }
  // 34 buyers with different habits; the last 6 never bought.
  const lines = ['receipt,customer,date,amount'];
  let receipt = 1;
  let buyers = 0;
  customers.slice(0, 34).forEach((c, i) => {
    buyers++;
    const visits = 1 + Math.floor(rand() * (i < 8 ? 14 : 5));
    const lastGap = 2 + Math.floor(rand() * (i % 4 === 3 ? 200 : 60));
    for (let v = 0; v < visits; v++) {
      const ago = lastGap + Math.floor(rand() * 180) * (v === 0 ? 0 : 1);
      const amount = (30 + Math.floor(rand() * 170)) * 1000;
      lines.push(`R${receipt++},${c.code},${daysAgo(ago)},${amount}`);
    }
  });
  const done = await shop.api<{ imported: number }>('imports.commit', { csv: lines.join('\n') + '\n', fileName: 'old-pos.csv' });
  expect(done.imported).toBe(lines.length - 1);
  return { customers, buyers };
}

async function shot(page: Page, dir: string, name: string): Promise<void> {
  await page.waitForTimeout(400); // let charts finish their entrance animation
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

test('RFM, a segment of members, a rule segment with a live count, and the dashboard', async ({ page, shop }, testInfo) => {
  test.setTimeout(120_000);
  const dir = process.env.REGULARS_SCREENSHOTS ? path.resolve(process.env.REGULARS_SCREENSHOTS) : testInfo.outputDir;
  const { buyers } = await seedShop(shop);

  // RFM: every buyer is scored, the segment sizes add up, a segment lists its members.
  await shop.open(page, '/rfm');
  await expect(page.getByTestId('rfm-customers')).toHaveText(String(buyers));
  const sizes = await page.getByTestId('rfm-segment-size').allTextContents();
  expect(sizes).toHaveLength(10);
  expect(sizes.map(Number).reduce((a, b) => a + b, 0)).toBe(buyers);
  const summary = await shop.api<{ segments: { segment: string; size: number }[] }>('rfm.compute', {});
  const biggest = [...summary.segments].sort((a, b) => b.size - a.size)[0]!;
  await page.getByTestId(`rfm-segment-${biggest.segment}`).click();
  await expect(page.getByTestId('rfm-member-row')).toHaveCount(biggest.size);
  await shot(page, dir, 'rfm');
  const first = page.getByTestId('rfm-member-row').first();
  const who = (await first.locator('div').first().textContent())!;
  await first.click();
  await expect(page.getByTestId('customer-name')).toHaveText(who.replace(/\s*C\d+$/, '').trim());

  // Segments: lifecycle groups are counted out of the box.
  await page.getByTestId('nav-segments').click();
  await expect(page.getByTestId('no-segments')).toBeVisible();
  await expect(page.getByTestId('lifecycle-never_bought').getByTestId('lifecycle-count')).toHaveText('6');
  await shot(page, dir, 'segments-empty');

  // Build a segment: the count starts at everyone and follows each rule as it is added.
  await page.getByTestId('new-segment').click();
  const count = page.getByTestId('live-count');
  await expect(count).toHaveText('40');
  await page.getByTestId('add-condition').click();
  await page.getByTestId('add-visits').click(); // default: at least 2 visits in the last 90 days
  const twoVisits = await shop.api<{ count: number }>('segments.count', {
    rule: { kind: 'group', op: 'and', rules: [{ kind: 'visits', period: { kind: 'lastDays', days: 90 }, min: 2 }] },
  });
  await expect(count).toHaveText(String(twoVisits.count));
  expect(twoVisits.count).toBeLessThan(40);

  // An incomplete rule says what is missing next to it, then counts once completed.
  await page.getByTestId('add-condition').click();
  await page.getByTestId('add-area').click();
  await expect(page.getByTestId('condition-error')).toContainText('Pick at least one value');
  // The field suggests the areas in use: typed in lower case, picked from the list.
  await page.getByTestId('condition-area').fill('quận');
  await page.getByRole('option', { name: 'Quận 1' }).click();
  await expect(page.getByTestId('condition-error')).toHaveCount(0);
  const rule = {
    kind: 'group',
    op: 'and',
    rules: [
      { kind: 'visits', period: { kind: 'lastDays', days: 90 }, min: 2 },
      { kind: 'area', in: ['Quận 1'] },
    ],
  };
  const both = await shop.api<{ count: number }>('segments.count', { rule });
  await expect(count).toHaveText(String(both.count));
  await expect(page.getByTestId('member-row')).toHaveCount(both.count);
  await page.getByTestId('sort-visits').click();
  await shot(page, dir, 'segment-builder');

  // Save it with a name; it reopens with its rules and the same count.
  await page.getByTestId('save-segment').click();
  await expect(page.getByText('Give the segment a name.')).toBeVisible();
  await page.getByTestId('segment-name').fill('Quận 1 regulars');
  await page.getByTestId('save-segment').click();
  await expect(page.getByTestId('segment-title')).toHaveText('Quận 1 regulars');
  await expect(page).toHaveURL(/#\/segments\/[0-9a-f-]{36}/);
  await page.getByTestId('back-to-segments').click();
  const row = page.getByTestId('segment-row').filter({ hasText: 'Quận 1 regulars' });
  await expect(row.getByTestId('segment-count')).toHaveText(String(both.count));
  await shot(page, dir, 'segments');
  await row.click();
  await expect(page.getByTestId('live-count')).toHaveText(String(both.count));
  await expect(page.getByTestId('condition')).toHaveCount(2);

  // The dashboard: revenue over the last 90 days, by week, and the 80/20 share.
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('reports-period').click();
  await page.getByRole('option', { name: 'Last 90 days' }).click();
  const dash = await shop.api<{ totals: { revenue: number } }>('reports.dashboard', {
    from: daysAgo(89),
    to: daysAgo(0),
    granularity: 'week',
  });
  await expect(page.getByTestId('kpi-revenue')).toContainText('₫');
  expect(dash.totals.revenue).toBeGreaterThan(0);
  await expect(page.getByTestId('pareto-share')).toContainText('%');
  await expect(page.getByTestId('top-customer').first()).toBeVisible();
  await shot(page, dir, 'dashboard');
});
