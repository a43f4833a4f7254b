import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createScanDetector } from '../../hooks/scanDetector';
import { useStaff } from '../../stores/staff';
import { errorText } from '../errorText';
import { pinFromEntry } from './pinEntry';

/**
 * A PIN typed by a person. A card or coupon scanned here is never taken for a PIN (other tills
 * signed the default user in that way): a reader's fast burst is recognised at its Enter, the field
 * is cleared and nothing is sent. The window's card reader (useCardReader) also swallows that Enter.
 */
export function PinForm(props: { label: string; submitLabel: string; onPin: (pin: string) => Promise<void>; testId: string }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const detector = useRef(createScanDetector<null>());
  // The window's card reader caught a scan (and undid what it typed here): say so.
  const scansIgnored = useStaff((s) => s.scansIgnored);
  const firstScans = useRef(scansIgnored);
  useEffect(() => {
    if (scansIgnored !== firstScans.current) setError(t('staff.scanIgnored'));
  }, [scansIgnored, t]);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    const at = e.timeStamp > 0 ? e.timeStamp : performance.now();
    if (e.key === 'Enter') {
      e.preventDefault();
      void submit(detector.current.enter(at) !== null);
      return;
    }
    if (e.key.length === 1) detector.current.char(e.key, at, () => null);
  }

  async function submit(scanned: boolean): Promise<void> {
    if (busy || pin === '') return;
    const entry = pinFromEntry(pin, scanned);
    if ('refused' in entry) {
      setPin('');
      setError(t(entry.refused === 'scan' ? 'staff.scanIgnored' : 'staff.notPin'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onPin(entry.pin);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setPin('');
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm">
      <PasswordInput
        label={props.label}
        value={pin}
        onChange={(e) => setPin(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        inputMode="numeric"
        autoComplete="off"
        autoFocus
        data-autofocus
        data-testid={`${props.testId}-pin`}
      />
      {error && (
        <Alert color="red" data-testid={`${props.testId}-error`}>
          {error}
        </Alert>
      )}
      <Button onClick={() => void submit(false)} loading={busy} disabled={pin === ''} data-testid={`${props.testId}-submit`}>
        {props.submitLabel}
      </Button>
    </Stack>
  );
}
