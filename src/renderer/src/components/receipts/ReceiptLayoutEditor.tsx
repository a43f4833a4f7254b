import { Alert, Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import { errorField, errorText } from '../errorText';

/** The receipt's own lines: the shop's address under its name and a closing line. */
export function ReceiptLayoutEditor() {
  const { t } = useTranslation();
  const { data } = useApiQuery('receipts.getLayout', {}, 'layout', 0);
  const [address, setAddress] = useState('');
  const [footer, setFooter] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!data) return;
    setAddress(data.address ?? '');
    setFooter(data.footer ?? '');
  }, [data]);

  async function save(): Promise<void> {
    try {
      const next = await call('receipts.setLayout', { address, footer });
      setAddress(next.address ?? '');
      setFooter(next.footer ?? '');
      setErrors({});
      setSaved(true);
    } catch (e) {
      setErrors({ [errorField(e) ?? '_form']: errorText(t, e) });
    }
  }

  return (
    <Paper withBorder p="lg" radius="md" maw={640}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <Title order={4}>{t('receipt.layoutTitle')}</Title>
          <Textarea
            label={t('receipt.layoutAddress')}
            description={t('receipt.layoutAddressHint')}
            autosize
            minRows={1}
            maxLength={300}
            value={address}
            onChange={(e) => (setAddress(e.currentTarget.value), setSaved(false))}
            error={errors.address}
            data-testid="receipt-address"
          />
          <Textarea
            label={t('receipt.layoutFooter')}
            description={t('receipt.layoutFooterHint')}
            autosize
            minRows={1}
            maxLength={300}
            value={footer}
            onChange={(e) => (setFooter(e.currentTarget.value), setSaved(false))}
            error={errors.footer}
            data-testid="receipt-footer"
          />
          {errors._form && <Alert color="red">{errors._form}</Alert>}
          {saved && <Alert color="green">{t('receipt.layoutSaved')}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" data-testid="receipt-layout-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
