/**
 * Every figure group, in the order they run. Later issues append theirs (segmentation, exports,
 * import). 'footprint' runs after the counter's figures and before the insert figures: rss_mb is
 * the memory of a shop serving the counter, not of the benchmark's own test rows.
 */
import { analysisFigures } from './analysis';
// backups (issue 17)
import { backupFigures } from './backups';
import { busyFigures } from './busy';
import { counterFigures } from './counter';
import { couponFigures } from './coupons';
import { customerImportFigures } from './customerImport';
import { exportFigures } from './exports';
import { insertFigures } from './insert';
import { pointsFigures } from './points';
// sync (issue 18)
import { syncFigures } from './sync';
import { footprintFigures, httpFigures, openFigures } from './system';
import type { FigureGroup } from './types';

export const figureGroups: FigureGroup[] = [
  openFigures,
  counterFigures,
  httpFigures,
  footprintFigures,
  analysisFigures,
  couponFigures,
  exportFigures,
  // backups (issue 17): of the shop as built (100k customers / 1M purchases), before the insert
  // and busy figures add 400k rows to the working file; the restore puts back the same content.
  backupFigures,
  insertFigures,
  busyFigures,
  // Changes the settings and expires lots: after the others but the backups.
  pointsFigures,
  // Issue 17: fresh shops of its own, the working copy is not touched.
  customerImportFigures,
  // Issue 18: fresh tills of its own, and a private PostgreSQL server for the hub.
  syncFigures,
];

export type { BenchContext, FigureGroup, FigureValue } from './types';
