import type { ComboboxItem, OptionsFilter } from '@mantine/core';
import { foldText } from '../../../shared/search';

/** Whether every letter of `typed` appears in `name` in order ("q1" in "quan 1"). */
function inOrder(typed: string, name: string): boolean {
  let i = 0;
  for (const ch of name) if (ch === typed[i]) i++;
  return i >= typed.length;
}

/**
 * Areas already in use that match what is typed, ignoring case and marks: the ones containing
 * it first, then abbreviations of them ("Q1" suggests "Quận 1"), so people pick the existing spelling.
 */
export const areaFilter: OptionsFilter = ({ options, search, limit }) => {
  const typed = foldText(search).replace(/\s/g, '');
  const items = options as ComboboxItem[];
  if (!typed) return items.slice(0, limit);
  const contains: ComboboxItem[] = [];
  const abbreviates: ComboboxItem[] = [];
  for (const o of items) {
    const name = foldText(o.label);
    if (name.replace(/\s/g, '').includes(typed)) contains.push(o);
    else if (inOrder(typed, name.replace(/\s/g, ''))) abbreviates.push(o);
  }
  return [...contains, ...abbreviates].slice(0, limit);
};
