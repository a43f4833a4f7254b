import { Alert, Button, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShopExport } from '../../../../shared/contract/privacy';
import { call } from '../../api/client';
import { useFormat } from '../../hooks/useFormat';
import { errorText } from '../errorText';

/** Settings: "Export all shop data" for leaving the app; says where the files went. */
export function ShopExportCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ShopExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      setDone(await call('shop.exportAll', {}));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  const rows = done ? done.files.filter((x) => x.name !== 'shop.json').reduce((n, x) => n + x.rows, 0) : 0;
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={4}>{t('privacy.shopExport.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('privacy.shopExport.explain')}
        </Text>
        <div>
          <Button variant="default" onClick={() => void run()} loading={busy} data-testid="shop-export">
            {t('privacy.shopExport.run')}
          </Button>
        </div>
        {error && <Alert color="red">{error}</Alert>}
        {done && (
          <Alert color="green" data-testid="shop-export-done">
            {t('privacy.shopExport.done', { files: f.number(done.files.length), rows: f.number(rows) })}
            <Code block mt="xs">
              {done.folder}
            </Code>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
