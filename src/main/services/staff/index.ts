/** Staff accounts, PINs, the wait after wrong PINs and the audit log (issue 19). */
export * from './accounts';
export * from './attempts';
export * from './audit';
export { hashPin, pinMatches } from './pins';
export * from './responsible';
