import { Box, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { rfmSegmentOf, type RfmSegment } from '../../../../../shared/rfm';
import { useFormat } from '../../../hooks/useFormat';
import { RFM_COLOURS } from '../rfmColours';

/** R (rows, 5 at the top) by F (columns); each cell in its segment's colour, darker with more people. */
export function HeatMap({
  grid,
  max,
  selected,
  onPick,
}: {
  grid: number[][];
  max: number;
  selected: RfmSegment | null;
  onPick(s: RfmSegment): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = { display: 'flex', alignItems: 'center', justifyContent: 'center' } as const;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '28px repeat(5, 1fr)', gap: 3 }} data-testid="rfm-heatmap">
      {[5, 4, 3, 2, 1].map((r) => (
        <div key={r} style={{ display: 'contents' }}>
          <Text size="xs" c="dimmed" fw={600} style={cell}>
            R{r}
          </Text>
          {[1, 2, 3, 4, 5].map((fq) => {
            const n = grid[r - 1]?.[fq - 1] ?? 0;
            const seg = rfmSegmentOf(r, fq);
            const shade = n === 0 ? 0 : 1 + Math.round((n / max) * 6);
            const colour = RFM_COLOURS[seg];
            return (
              <Tooltip
                key={fq}
                label={`${t(`rfm.segment.${seg}`)} · R${r} F${fq} · ${t('rfm.people', { count: n, n: f.number(n) })}`}
                withArrow
              >
                <Box
                  onClick={() => onPick(seg)}
                  bg={n === 0 ? 'gray.0' : `${colour}.${shade}`}
                  c={shade >= 5 ? 'white' : 'dark'}
                  style={{
                    ...cell,
                    height: 44,
                    borderRadius: 4,
                    cursor: 'pointer',
                    fontSize: 13,
                    fontWeight: 600,
                    fontVariantNumeric: 'tabular-nums',
                    outline: selected === seg ? '2px solid var(--mantine-color-dark-4)' : undefined,
                    outlineOffset: -2,
                  }}
                >
                  {n > 0 ? f.number(n) : ''}
                </Box>
              </Tooltip>
            );
          })}
        </div>
      ))}
      <div />
      {[1, 2, 3, 4, 5].map((fq) => (
        <Text key={fq} size="xs" c="dimmed" fw={600} ta="center">
          F{fq}
        </Text>
      ))}
    </div>
  );
}
