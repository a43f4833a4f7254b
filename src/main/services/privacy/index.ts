/**
 * Privacy and duplicates (issue 17), one file per task: `person` (a customer with the records
 * merged into them), `merge`, `erase`, `exportOne` (a person's data as JSON and CSV), `exportAll`
 * (every table as CSV plus one JSON, for leaving the app).
 */
export { mergeCustomers } from './merge';
export { eraseCustomer } from './erase';
export { exportCustomer } from './exportOne';
export { exportShop, defaultExportFolder, EXPORTED_TABLES } from './exportAll';
