import { Alert, AppShell, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from './api/client';
import { errorText } from './components/errorText';
import { useCardReader } from './hooks/useCardReader';
import { setLanguage, storedLanguage, UI_LANGUAGES } from './i18n';
import { CounterPage } from './pages/CounterPage';
import { lookupCardAtCounter } from './pages/counterActions';
import { CustomerPage } from './pages/CustomerPage';
import { CustomersPage } from './pages/CustomersPage';
import { SettingsPage } from './pages/SettingsPage';
import { SetupPage } from './pages/SetupPage';
import { ImportPage } from './pages/ImportPage';
import { ReportsPage } from './pages/analysis/ReportsPage';
import { RfmPage } from './pages/analysis/RfmPage';
import { SegmentPage } from './pages/analysis/SegmentPage';
import { SegmentsPage } from './pages/analysis/SegmentsPage';
import { CampaignPage } from './pages/campaigns/CampaignPage';
import { CampaignsPage } from './pages/campaigns/CampaignsPage';
import { useApp } from './stores/app';

export function App() {
  const { t, i18n } = useTranslation();
  const { route, navigate, settings, setSettings } = useApp();
  const [fatal, setFatal] = useState<string | null>(null);

  useEffect(() => {
    call('settings.get', {}).then(
      (s) => {
        setSettings(s);
        if (s.setupDone && !storedLanguage()) setLanguage(s.locale);
      },
      (e: unknown) => setFatal(errorText(t, e)),
    );
  }, [setSettings, t]);

  // A card swipe works from every screen.
  useCardReader((code) => void lookupCardAtCounter(code));

  const nav = [
    { page: 'counter' as const, label: t('nav.counter') },
    { page: 'customers' as const, label: t('nav.customers') },
    { page: 'reports' as const, label: t('nav.reports') },
    { page: 'rfm' as const, label: t('nav.rfm') },
    { page: 'segments' as const, label: t('nav.segments') },
    { page: 'campaigns' as const, label: t('nav.campaigns') },
    { page: 'import' as const, label: t('nav.import') },
    { page: 'settings' as const, label: t('nav.settings') },
  ];
  // A new data folder asks for its name, language, money and place before anything else.
  if (settings && !settings.setupDone) return <SetupPage />;

  const active =
    route.page === 'customer' ? 'customers' : route.page === 'segment' ? 'segments' : route.page === 'campaign' ? 'campaigns' : route.page;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm' }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Title order={3} c="teal.7">
              Regulars
            </Title>
            {settings && (
              <Text c="dimmed" data-testid="shop-name">
                {settings.shopName}
              </Text>
            )}
          </Group>
          <Select
            size="xs"
            w={140}
            data={UI_LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
            value={i18n.language}
            onChange={(v) => v && setLanguage(v)}
            allowDeselect={false}
            aria-label={t('nav.language')}
            data-testid="language"
          />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {nav.map((n) => (
          <NavLink
            key={n.page}
            // A button, so Tab reaches it and Enter opens it (without href Mantine renders an unfocusable <a>).
            component="button"
            label={n.label}
            active={active === n.page}
            aria-current={active === n.page ? 'page' : undefined}
            onClick={() => navigate({ page: n.page })}
            data-testid={`nav-${n.page}`}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {fatal && <Alert color="red">{fatal}</Alert>}
        {settings && route.page === 'counter' && <CounterPage />}
        {settings && route.page === 'customers' && <CustomersPage />}
        {settings && route.page === 'customer' && <CustomerPage id={route.id} />}
        {settings && route.page === 'reports' && <ReportsPage />}
        {settings && route.page === 'rfm' && <RfmPage />}
        {settings && route.page === 'segments' && <SegmentsPage />}
        {settings && route.page === 'segment' && <SegmentPage id={route.id} />}
        {settings && route.page === 'import' && <ImportPage />}
        {settings && route.page === 'settings' && <SettingsPage />}
        {settings && route.page === 'campaigns' && <CampaignsPage />}
        {settings && route.page === 'campaign' && <CampaignPage id={route.id} />}
      </AppShell.Main>
    </AppShell>
  );
}
