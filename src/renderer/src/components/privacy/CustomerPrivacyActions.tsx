import { Button, Menu, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/domain';
import { call } from '../../api/client';
import { useApp } from '../../stores/app';
import { errorText } from '../errorText';
import { EraseCustomerModal } from './EraseCustomerModal';
import { MergeCustomerModal } from './MergeCustomerModal';
import { saveFile } from './saveFile';

/** The customer page's "More" menu: merge a duplicate, export the person's data, erase them. */
export function CustomerPrivacyActions({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { touch, navigate } = useApp();
  const [open, setOpen] = useState<'merge' | 'erase' | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  async function exportData(): Promise<void> {
    setExportError(null);
    try {
      const { json, csv } = await call('customers.exportOne', { id: customer.id });
      saveFile(json);
      saveFile(csv);
    } catch (e) {
      setExportError(errorText(t, e));
    }
  }

  return (
    <>
      {exportError && (
        <Text c="red" size="sm">
          {exportError}
        </Text>
      )}
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default" data-testid="customer-more">
            {t('privacy.more')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setOpen('merge')} data-testid="merge-customer">
            {t('privacy.merge.action')}
          </Menu.Item>
          <Menu.Item onClick={() => void exportData()} data-testid="export-customer">
            {t('privacy.exportOne')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" onClick={() => setOpen('erase')} data-testid="erase-customer">
            {t('privacy.erase.action')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <MergeCustomerModal
        customer={customer}
        opened={open === 'merge'}
        onClose={() => setOpen(null)}
        onMerged={(survivorId) => {
          setOpen(null);
          navigate({ page: 'customer', id: survivorId });
          touch();
        }}
      />
      <EraseCustomerModal
        customer={customer}
        opened={open === 'erase'}
        onClose={() => setOpen(null)}
        onErased={() => {
          setOpen(null);
          navigate({ page: 'customers' });
          touch();
        }}
      />
    </>
  );
}
