/** Mailing lists (issue 15): export a campaign's coupon holders from its page and read the downloaded files. */
import fs from 'node:fs';
import Papa from 'papaparse';
import { expect, test } from './fixtures';

const consent = { marketing: true, date: '2026-01-05', source: 'counter' };

test("the owner exports a campaign's mailing list for Mailchimp, then everyone as vCards", async ({ page, shop }) => {
  await shop.api('customers.create', {
    fullName: 'Nguyễn Thị Ánh',
    phone: '0912 345 678',
    email: 'anh@example.vn',
    birthday: '1990-03-07',
    consent,
  });
  await shop.api('customers.create', { fullName: '陳美玲', phone: '+886 912 345 678', email: '=mei@example.tw', consent });
  await shop.api('customers.create', { fullName: 'Trần Văn Bình', phone: '0987 654 321', email: 'binh@example.vn' });
  const campaign = await shop.api<{ id: string }>('campaigns.create', {
    name: 'Ghé lại nhé',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'percent', percent: 10 },
    validFrom: '2026-01-01',
    validTo: '2030-12-31',
  });
  await shop.api('campaigns.issue', { id: campaign.id });
  const coupons = await shop.api<{ items: { customerName: string; code: string }[] }>('campaigns.coupons', { id: campaign.id });
  const codeOf = Object.fromEntries(coupons.items.map((c) => [c.customerName, c.code]));

  await shop.open(page, `/campaigns/${campaign.id}`);
  await page.getByTestId('export-mailing-list').click();
  await expect(page.getByTestId('export-count')).toHaveText('Contacts to export: 2');
  await expect(page.getByText('Left out, no marketing consent: 1')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^ghe-lai-nhe-\d{4}-\d{2}-\d{2}-mailchimp\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).not.toBe(0xfeff);
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.meta.fields).toEqual([
    'Email Address',
    'First Name',
    'Last Name',
    'Address',
    'Phone Number',
    'Birthday',
    'Tags',
    'Coupon Code',
  ]);
  expect(parsed.data).toEqual([
    {
      'Email Address': 'anh@example.vn',
      'First Name': 'Thị Ánh',
      'Last Name': 'Nguyễn',
      Address: '',
      'Phone Number': '+84912345678',
      Birthday: '03/07',
      Tags: '',
      'Coupon Code': codeOf['Nguyễn Thị Ánh'],
    },
    {
      'Email Address': "'=mei@example.tw",
      'First Name': '美玲',
      'Last Name': '陳',
      Address: '',
      'Phone Number': '+886912345678',
      Birthday: '',
      Tags: '',
      'Coupon Code': codeOf['陳美玲'],
    },
  ]);
  await expect(page.getByTestId('export-done')).toContainText('Exported 2 contacts');

  // Including people without consent asks for care, and the vCard file then holds all three.
  await page.getByTestId('export-include-without-consent').click();
  await expect(page.getByTestId('export-consent-warning')).toBeVisible();
  await expect(page.getByTestId('export-count')).toHaveText('Contacts to export: 3');
  await page.getByTestId('export-format-vcard').click();
  const [vcf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  expect(vcf.suggestedFilename()).toMatch(/\.vcf$/);
  const cards = fs.readFileSync((await vcf.path())!, 'utf8');
  expect(cards.match(/BEGIN:VCARD\r\nVERSION:3\.0\r\n/g)).toHaveLength(3);
  expect(cards).toContain('N:Trần;Văn Bình;;;\r\n');
  expect(cards).toContain(`NOTE:Coupon ${codeOf['Trần Văn Bình']}\r\n`);
});
