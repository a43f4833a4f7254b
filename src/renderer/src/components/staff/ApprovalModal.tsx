import { Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useStaff } from '../../stores/staff';
import { PinForm } from './PinForm';

/** An owner-only change at the till: a manager (or the owner) types their PIN to let this one call through. */
export function ApprovalModal() {
  const { t } = useTranslation();
  const { approval, setApproval } = useStaff();
  const close = (approved: boolean): void => {
    approval?.resolve(approved);
    setApproval(null);
  };
  return (
    // Above the dialog that asked for it (a void's, for one).
    <Modal opened={approval !== null} onClose={() => close(false)} title={t('staff.approveTitle')} zIndex={1000} data-testid="approval">
      <Text size="sm" mb="sm">
        {t('staff.approveHint')}
      </Text>
      {approval && (
        <PinForm
          label={t('staff.managerPin')}
          submitLabel={t('staff.approve')}
          testId="approve"
          onPin={async (pin) => {
            await call('staff.approve', { pin, method: approval.method });
            close(true);
          }}
        />
      )}
    </Modal>
  );
}
