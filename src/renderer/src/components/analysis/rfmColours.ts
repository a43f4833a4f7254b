import type { RfmSegment } from '../../../../shared/rfm';

/** One Mantine colour per RFM segment: greens for the best, warm colours for those slipping away. */
export const RFM_COLOURS: Record<RfmSegment, string> = {
  champions: 'teal',
  loyal: 'green',
  potential_loyalists: 'lime',
  new_customers: 'cyan',
  promising: 'blue',
  need_attention: 'yellow',
  about_to_sleep: 'orange',
  at_risk: 'red',
  cant_lose: 'pink',
  hibernating: 'gray',
};
