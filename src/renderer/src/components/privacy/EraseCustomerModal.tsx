import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/domain';
import { call } from '../../api/client';
import { errorText } from '../errorText';

/** "Erase": what goes and what stays, in plain words; the owner types the customer code to confirm. */
export function EraseCustomerModal({
  customer,
  opened,
  onClose,
  onErased,
}: {
  customer: Customer;
  opened: boolean;
  onClose: () => void;
  onErased: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = typed.trim().toUpperCase() === customer.code.toUpperCase();

  async function erase(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await call('customers.erase', { id: customer.id });
      setTyped('');
      onErased();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('privacy.erase.title', { name: customer.fullName })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) void erase();
        }}
      >
        <Stack>
          <Text size="sm">{t('privacy.erase.goes')}</Text>
          <List size="sm">
            <List.Item>{t('privacy.erase.goesList')}</List.Item>
          </List>
          <Text size="sm">{t('privacy.erase.stays')}</Text>
          <Alert color="red" variant="light">
            {t('privacy.erase.final')}
          </Alert>
          <TextInput
            label={t('privacy.erase.typeCode', { code: customer.code })}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            data-autofocus
            data-testid="erase-code"
          />
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.goBack')}
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={busy} data-testid="erase-confirm">
              {t('privacy.erase.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
