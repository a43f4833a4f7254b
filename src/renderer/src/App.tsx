import { Alert, AppShell, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from './api/client';
import { errorText } from './components/errorText';
import { useCardReader } from './hooks/useCardReader';
import { setLanguage, storedLanguage, UI_LANGUAGES } from './i18n';
import { lookupCardAtCounter } from './pages/counterActions';
import { SetupPage } from './pages/SetupPage';
import { NAV_ROUTES, navItemOf, ROUTES } from './routes';
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

  // A new data folder asks for its name, language, money and place before anything else.
  if (settings && !settings.setupDone) return <SetupPage />;

  const active = navItemOf(route.page);
  const Page = ROUTES.find((r) => r.page === route.page)!.component;

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
        {NAV_ROUTES.map((n) => (
          <NavLink
            key={n.page}
            // A button, so Tab reaches it and Enter opens it (without href Mantine renders an unfocusable <a>).
            component="button"
            label={t(n.nav)}
            active={active === n.page}
            aria-current={active === n.page ? 'page' : undefined}
            onClick={() => navigate({ page: n.page })}
            data-testid={`nav-${n.page}`}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {fatal && <Alert color="red">{fatal}</Alert>}
        {/* Pages without ':id' in their path ignore the prop. */}
        {settings && <Page id={'id' in route ? route.id : ''} />}
      </AppShell.Main>
    </AppShell>
  );
}
