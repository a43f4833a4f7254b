import { useEffect, useState } from 'react';
import type { CustomerFacets } from '../../../shared/domain';
import { call } from '../api/client';

/** The areas and tags in use, fetched once a minute at most for every field on the page. */
let facets: { at: number; value: Promise<CustomerFacets> } | null = null;

export function useFacets(): CustomerFacets | null {
  const [value, setValue] = useState<CustomerFacets | null>(null);
  useEffect(() => {
    let live = true;
    if (!facets || Date.now() - facets.at > 60_000) facets = { at: Date.now(), value: call('customers.facets', {}) };
    facets.value.then(
      (f) => live && setValue(f),
      () => (facets = null), // suggestions only: the fields still take any text
    );
    return () => {
      live = false;
    };
  }, []);
  return value;
}

/** After a customer is saved, a new area or tag is suggested from the next form on. */
export function forgetFacets(): void {
  facets = null;
}
