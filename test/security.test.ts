import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAllowedAppUrl, isPermissionAllowed, isSafeExternalUrl } from '../src/main/security';

describe('security guards', () => {
  it('keeps the window on the app origin', () => {
    expect(isAllowedAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAllowedAppUrl('https://evil.example/')).toBe(false);
    expect(isAllowedAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedAppUrl('app://regulars.evil/')).toBe(false);
    expect(isAllowedAppUrl('not a url')).toBe(false);
    expect(isAllowedAppUrl('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true);
    expect(isAllowedAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
  it('hands only https and mailto to the OS', () => {
    expect(isSafeExternalUrl('https://example.com')).toBe(true);
    expect(isSafeExternalUrl('mailto:a@b.c')).toBe(true);
    expect(isSafeExternalUrl('file:///C:/Windows/calc.exe')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
  });
  it('grants no permissions and keeps a strict CSP', () => {
    expect(isPermissionAllowed('media')).toBe(false);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
