import { Alert, AppShell, Button, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, staffGate } from './api/client';
import { errorText } from './components/errorText';
import { ApprovalModal } from './components/staff/ApprovalModal';
import { LockScreen } from './components/staff/LockScreen';
import { useIdleLock } from './components/staff/useIdleLock';
import { useCardReader } from './hooks/useCardReader';
import { setLanguage, storedLanguage, UI_LANGUAGES } from './i18n';
import { lookupCardAtCounter } from './pages/counterActions';
import { SetupPage } from './pages/SetupPage';
import { NAV_ROUTES, navItemOf, ROUTES } from './routes';
import { useApp } from './stores/app';
import { isLocked, useStaff } from './stores/staff';

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

  const { status: staff, approval, setStatus, setApproval, ignoreScan } = useStaff();
  useEffect(() => {
    const refresh = (): void => void call('staff.status', {}).then(setStatus, () => undefined);
    refresh();
    staffGate.signInRequired = refresh;
    staffGate.approve = (method) => new Promise<boolean>((resolve) => setApproval({ method, resolve }));
  }, [setStatus, setApproval]);
  const locked = isLocked(staff);
  useIdleLock(staff?.accountsExist === true && staff.signedIn !== null);

  // A card swipe works from every screen, except where a PIN is typed: a scan there is never a PIN.
  useCardReader((code) => (locked || approval ? ignoreScan() : void lookupCardAtCounter(code)));

  // A new data folder asks for its name, language, money and place before anything else.
  if (settings && !settings.setupDone) return <SetupPage />;
  if (locked) return <LockScreen />;

  const active = navItemOf(route.page);
  const Page = ROUTES.find((r) => r.page === route.page)!.component;

  return (
    <>
      {/* The first Tab stop: past the header and the fourteen sidebar links to the page itself. An
          anchor's own jump would change the hash, which is the route, so the focus is moved by hand. */}
      <a
        href="#main-content"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
        data-testid="skip-to-content"
      >
        {t('shell.skipToContent')}
      </a>
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
            <Group gap="xs">
              {staff?.signedIn && (
                <>
                  <Text size="sm" data-testid="signed-in">
                    {staff.signedIn.name}
                  </Text>
                  <Button size="xs" variant="light" onClick={() => void call('staff.signOut', {}).then(setStatus)} data-testid="lock">
                    {t('staff.lock')}
                  </Button>
                </>
              )}
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
        <AppShell.Main id="main-content" tabIndex={-1}>
          {fatal && <Alert color="red">{fatal}</Alert>}
          {/* Pages without ':id' in their path ignore the prop. */}
          {settings && staff && <Page id={'id' in route ? route.id : ''} />}
          <ApprovalModal />
        </AppShell.Main>
      </AppShell>
    </>
  );
}
