import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Method, MethodInput, MethodOutput } from '../../../shared/contract';
import { call } from '../api/client';
import { errorText } from '../components/errorText';

/**
 * Reads from the backend whenever `key` changes, after `delayMs` of quiet (so typing a date does
 * not fire a query per keystroke). Only the newest answer is kept; the previous data stays on
 * screen while the next one loads (`busy`). `input` null means "do not ask now" (invalid input).
 * `loaded` turns true with the first answer, for methods whose answer may itself be null.
 * With `delayMs` 0 it is the plain "read this, again when the key changes" of a page.
 */
export function useApiQuery<M extends Method>(method: M, input: MethodInput<M> | null, key: string, delayMs = 150) {
  const { t } = useTranslation();
  const [data, setData] = useState<MethodOutput<M> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    if (input === null) return;
    let live = true;
    setBusy(true);
    const timer = setTimeout(() => {
      call(method, input).then(
        (d) => {
          if (!live) return;
          setData(d);
          setError(null);
          setBusy(false);
          setLoaded(true);
        },
        (e: unknown) => {
          if (!live) return;
          setError(errorText(t, e));
          setBusy(false);
          setLoaded(true);
        },
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for `input` (a fresh object each render); the effect runs when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, key, input === null, delayMs, t]);

  return { data, busy, error, loaded };
}
