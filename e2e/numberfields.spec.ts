/**
 * Number fields beyond the loyalty settings: Mantine's NumberInput dropped a typed minus sign, read
 * "1.5" in a whole-number field as 15 and pulled a number into range on blur, and the changed
 * number was created, counted or saved without a word. Each field here keeps what was typed and
 * refuses it at the field until it is right.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const shots = '/tmp/numberfields';

/** The field says what is wrong with it, and still shows what was typed. */
async function refused(field: Locator, typed: string, message: string): Promise<void> {
  await expect(field).toHaveValue(typed);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // The message comes first; a field's own hint may follow it.
  await expect(field).toHaveAccessibleDescription(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

const typeInto = async (page: Page, field: Locator, text: string): Promise<void> => {
  await field.fill('');
  await field.pressSequentially(text);
  // Away from the field: where NumberInput clamped on blur, this is when it did.
  await page.keyboard.press('Tab');
};

test('campaign form and follow-up rule: a minus sign, a decimal or an out-of-range number is refused as typed, and nothing is made or saved until it is right', async ({
  page,
  shop,
}) => {
  await shop.open(page, '/campaigns');
  await page.getByTestId('new-campaign').click();
  await page.getByTestId('cp-name').fill('Quay lại nhé');
  await typeInto(page, page.getByTestId('cp-holdout'), '-5');
  await typeInto(page, page.getByTestId('cp-percent'), '1.5');
  await page.getByTestId('cp-create').click();
  await refused(page.getByTestId('cp-holdout'), '-5', 'This cannot be below zero.');
  await refused(page.getByTestId('cp-percent'), '1.5', 'Use a whole number, without decimals.');
  await typeInto(page, page.getByTestId('cp-holdout'), '80');
  await page.getByTestId('cp-create').click();
  await refused(page.getByTestId('cp-holdout'), '80', 'The highest allowed is 50.');
  await page.screenshot({ path: `${shots}/campaign-refused.png` });
  expect(await shop.api('campaigns.list', {})).toEqual([]);

  await page.getByTestId('cp-offer-kind').click();
  await page.getByRole('option', { name: 'Bonus points' }).click();
  await typeInto(page, page.getByTestId('cp-points'), '1.000');
  await typeInto(page, page.getByTestId('cp-holdout'), '10');
  await page.getByTestId('cp-create').click();
  await expect(page.getByTestId('campaign-name')).toHaveText('Quay lại nhé');
  const [made] = await shop.api<{ holdoutPercent: number; offer: unknown }[]>('campaigns.list', {});
  expect(made).toMatchObject({ holdoutPercent: 10, offer: { kind: 'points', points: 1000 } });

  // The follow-up rule (this week's lists).
  await shop.open(page, '/this-week');
  await page.getByTestId('followup-edit-rule').click();
  await typeInto(page, page.getByTestId('followup-rule-regularVisits'), '1.5');
  await typeInto(page, page.getByTestId('followup-rule-notBackDays'), '-5');
  await page.getByTestId('followup-rule-save').click();
  await refused(page.getByTestId('followup-rule-regularVisits'), '1.5', 'Use a whole number, without decimals.');
  await refused(page.getByTestId('followup-rule-notBackDays'), '-5', 'The lowest allowed is 1.');
  await page.screenshot({ path: `${shots}/followup-rule-refused.png` });
  expect(await shop.api('followups.getRule', {})).toEqual({ regularVisits: 3, notBackDays: 45, capDays: 365 });
  await typeInto(page, page.getByTestId('followup-rule-regularVisits'), '4');
  await typeInto(page, page.getByTestId('followup-rule-notBackDays'), '60');
  await typeInto(page, page.getByTestId('followup-rule-capDays'), '1.000');
  await page.getByTestId('followup-rule-save').click();
  await expect.poll(() => shop.api('followups.getRule', {})).toEqual({ regularVisits: 4, notBackDays: 60, capDays: 1000 });
});

test('segment conditions and the lifecycle rule: a wrong number stays on screen with its reason, and is neither counted, previewed nor saved until it is right', async ({
  page,
  shop,
}) => {
  await shop.open(page, '/segments/new');
  await page.getByTestId('segment-name').fill('Khách quen');
  await page.getByTestId('add-condition').click();
  await page.getByTestId('add-visits').click();
  const visits = page.getByTestId('condition').first();
  await typeInto(page, visits.getByTestId('period-days'), '1.5');
  await typeInto(page, visits.getByTestId('range-min'), '-2');
  await refused(visits.getByTestId('period-days'), '1.5', 'Use a whole number, without decimals.');
  await refused(visits.getByTestId('range-min'), '-2', 'This cannot be below zero.');
  await expect(page.getByTestId('fix-to-count')).toBeVisible();
  await page.getByTestId('save-segment').click();
  await expect(page.getByText('A number in the conditions is not right yet')).toBeVisible();
  await page.screenshot({ path: `${shots}/segment-refused.png` });
  expect(await shop.api('segments.list', {})).toEqual([]);

  // The other condition kinds with a number: a birthday window, days since the last purchase, an unhappy visit.
  for (const [kind, testId, typed, message] of [
    ['birthday', 'window-days', '400', 'The highest allowed is 366.'],
    ['lastPurchase', 'condition-days', '-5', 'The lowest allowed is 1.'],
    ['unhappy', 'condition-unhappy-days', '2.5', 'Use a whole number, without decimals.'],
  ] as const) {
    await page.getByTestId('add-condition').click();
    await page.getByTestId(`add-${kind}`).click();
    const condition = page.getByTestId('condition').nth(1);
    await typeInto(page, condition.getByTestId(testId), typed);
    await refused(condition.getByTestId(testId), typed, message);
    await condition.getByTestId('remove-condition').click();
    await expect(page.getByTestId('condition')).toHaveCount(1);
  }

  // A points balance may be below zero: there the minus sign is read, not dropped.
  await page.getByTestId('add-condition').click();
  await page.getByTestId('add-points').click();
  const points = page.getByTestId('condition').nth(1);
  await typeInto(page, points.getByTestId('range-min'), '-50');
  await expect(points.getByTestId('range-min')).toHaveValue('-50');
  await expect(points.getByTestId('range-min')).not.toHaveAttribute('aria-invalid', 'true');

  await typeInto(page, visits.getByTestId('period-days'), '30');
  await typeInto(page, visits.getByTestId('range-min'), '1.000');
  await expect(page.getByTestId('fix-to-count')).toHaveCount(0);
  await page.getByTestId('save-segment').click();
  await expect(page.getByTestId('segment-title')).toHaveText('Khách quen');
  const [made] = await shop.api<{ id: string }[]>('segments.list', {});
  const saved = await shop.api<{ rule: unknown }>('segments.get', { id: made!.id });
  expect(saved.rule).toMatchObject({
    rules: [
      { kind: 'visits', period: { kind: 'lastDays', days: 30 }, min: 1000 },
      { kind: 'points', min: -50 },
    ],
  });

  // The lifecycle groups' rule, on the segments list.
  const before = await shop.api('lifecycle.getRule', {});
  await page.getByTestId('back-to-segments').click();
  await page.getByTestId('edit-lifecycle-rule').click();
  await typeInto(page, page.getByTestId('lifecycle-lapsedDays'), '50000');
  await typeInto(page, page.getByTestId('lifecycle-loyalVisits'), '2.5');
  await refused(page.getByTestId('lifecycle-lapsedDays'), '50000', 'The highest allowed is 36500.');
  await refused(page.getByTestId('lifecycle-loyalVisits'), '2.5', 'Use a whole number, without decimals.');
  await page.getByTestId('save-lifecycle-rule').click();
  await page.screenshot({ path: `${shots}/lifecycle-rule-refused.png` });
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await shop.api('lifecycle.getRule', {})).toEqual(before);
  await typeInto(page, page.getByTestId('lifecycle-lapsedDays'), '200');
  await typeInto(page, page.getByTestId('lifecycle-loyalVisits'), '5');
  await page.getByTestId('save-lifecycle-rule').click();
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(await shop.api('lifecycle.getRule', {})).toMatchObject({ lapsedDays: 200, loyalVisits: 5 });
});

test('points adjustment: "-50" takes fifty away, and "1.5" is refused rather than read as 15', async ({ page, shop }) => {
  const c = await shop.api<{ id: string }>('customers.create', { fullName: 'Trần Thị Lan' });
  await shop.open(page, `/customers/${c.id}`);
  await page.getByTestId('points-adjust').click();
  await typeInto(page, page.getByTestId('adjust-points'), '1.5');
  await page.getByTestId('adjust-reason').fill('Thử');
  await page.getByTestId('adjust-save').click();
  await refused(page.getByTestId('adjust-points'), '1.5', 'Use a whole number, without decimals.');
  await page.screenshot({ path: `${shots}/points-adjust-refused.png` });
  expect((await shop.api<{ entries: unknown[] }>('points.ledger', { customerId: c.id })).entries).toEqual([]);
  await typeInto(page, page.getByTestId('adjust-points'), '-50');
  await page.getByTestId('adjust-below-zero').check();
  await page.getByTestId('adjust-save').click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('points-row')).toHaveCount(1);
  await expect(page.getByTestId('points-row').first()).toContainText('-50');
});
