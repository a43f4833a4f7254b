import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useApp } from '../../stores/app';
import { useStaff } from '../../stores/staff';
import { PinForm } from './PinForm';

/** The till while nobody is signed in: after inactivity, on demand, or to switch person. */
export function LockScreen() {
  const { t } = useTranslation();
  const shopName = useApp((s) => s.settings?.shopName ?? '');
  const setStatus = useStaff((s) => s.setStatus);
  const touch = useApp((s) => s.touch);

  return (
    <Center mih="100vh" p="md" data-testid="lock-screen">
      <Paper withBorder radius="md" p="lg" w={360} maw="100%">
        <Stack gap="sm">
          <div>
            <Title order={3}>{shopName}</Title>
            <Text c="dimmed" size="sm">
              {t('staff.lockedHint')}
            </Text>
          </div>
          <PinForm
            label={t('staff.pin')}
            submitLabel={t('staff.signIn')}
            testId="sign-in"
            onPin={async (pin) => {
              setStatus(await call('staff.signIn', { pin }));
              // Pages re-read what they show, now as this person.
              touch();
            }}
          />
        </Stack>
      </Paper>
    </Center>
  );
}
