import { Alert, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignResults } from '../../../../shared/contract/campaigns';
import { Stat } from '../../components/Stat';
import { useFormat } from '../../hooks/useFormat';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Uses and money, then the hold-out comparison with its interval and a plain verdict. */
export function CampaignResultsCard({ results }: { results: CampaignResults }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cmp = results.comparison;
  // Percentage points: the difference of two shares.
  const signedPct = (x: number): string => t('campaigns.results.pp', { value: `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}` });
  return (
    <Paper withBorder p="md" radius="md" data-testid="campaign-results">
      <Stack>
        <Title order={4}>{t('campaigns.results.title')}</Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Stat label={t('campaigns.results.issued')} value={f.number(results.issued)} testId="res-issued" />
          <Stat label={t('campaigns.results.redeemed')} value={f.number(results.redeemed)} testId="res-redeemed" />
          <Stat label={t('campaigns.results.rate')} value={pct(results.redemptionRate)} testId="res-rate" />
          <Stat label={t('campaigns.results.revenue')} value={f.money(results.redeemingRevenue)} testId="res-revenue" />
        </SimpleGrid>
        {!results.window && <Text c="dimmed">{t('campaigns.results.notStarted')}</Text>}
        {results.window && (
          <Text size="sm" c="dimmed">
            {t('campaigns.results.window', { from: f.day(results.window.from), to: f.day(results.window.to) })}
          </Text>
        )}
        {results.window && !cmp && <Text c="dimmed">{t('campaigns.results.noHoldout')}</Text>}
        {cmp && (
          <>
            <SimpleGrid cols={2}>
              {(['coupon', 'holdout'] as const).map((g) => (
                <Stack key={g} gap={2} data-testid={`res-group-${g}`}>
                  <Text fw={500}>{t(g === 'coupon' ? 'campaigns.results.couponGroup' : 'campaigns.results.holdoutGroup')}</Text>
                  <Text size="sm">
                    {t('campaigns.results.visited')}:{' '}
                    {t('campaigns.results.visitedValue', {
                      count: f.number(cmp[g].visited.count),
                      of: f.number(cmp[g].visited.of),
                      share: pct(cmp[g].visited.share),
                    })}
                  </Text>
                  <Text size="sm">
                    {t('campaigns.results.spend')}: {f.money(cmp[g].spend)} ·{' '}
                    {t('campaigns.results.spendPerMember', { amount: f.money(cmp[g].spendPerMember) })}
                  </Text>
                </Stack>
              ))}
            </SimpleGrid>
            <Text size="sm">
              {t('campaigns.results.difference', {
                estimate: signedPct(cmp.difference.estimate),
                low: signedPct(cmp.difference.low),
                high: signedPct(cmp.difference.high),
              })}
            </Text>
            <Alert color={cmp.verdict === 'better' ? 'teal' : cmp.verdict === 'worse' ? 'orange' : 'gray'} data-testid="res-verdict">
              {t(`campaigns.results.verdict.${cmp.verdict}`)}
            </Alert>
          </>
        )}
      </Stack>
    </Paper>
  );
}
