import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  appFileFor,
  CONTENT_SECURITY_POLICY,
  isAllowedAppUrl,
  isPermissionAllowed,
  isSafeExternalUrl,
} from '../src/main/security';

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

describe('app:// file guard', () => {
  // A real folder layout: out/renderer (served), a sibling out/renderer-old, and a secret outside.
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-app-protocol-'));
  const root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<html></html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), '');
  fs.mkdirSync(path.join(base, 'renderer-old'));
  fs.writeFileSync(path.join(base, 'renderer-old', 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(base, 'renderer-old'), path.join(root, 'linked'));
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
  const real = fs.realpathSync.native;

  it('serves files inside the renderer folder', () => {
    expect(appFileFor(root, '/index.html', real)).toBe(path.join(root, 'index.html'));
    expect(appFileFor(root, '/assets/app.js', real)).toBe(path.join(root, 'assets', 'app.js'));
    expect(appFileFor(root, '/', real)).toBe(root);
    // Missing files inside the folder are judged by their path (the shell then serves index.html).
    expect(appFileFor(root, '/customers/42', real)).toBe(path.join(root, 'customers', '42'));
  });

  it('refuses a sibling folder whose name starts with the same letters', () => {
    expect(appFileFor(root, '/../renderer-old/secret.txt')).toBeNull();
    expect(appFileFor(root, '/%2e%2e/renderer-old/secret.txt')).toBeNull();
    expect(appFileFor(root, '/..%2Frenderer-old%2Fsecret.txt', real)).toBeNull();
  });

  it('refuses climbing out, absolute escapes and malformed paths', () => {
    expect(appFileFor(root, '/..')).toBeNull();
    expect(appFileFor(root, '/%2e%2e%2f%2e%2e%2fetc%2fpasswd')).toBeNull();
    expect(appFileFor(root, '/assets/../../renderer-old/secret.txt')).toBeNull();
    expect(appFileFor(root, '/%E0%A4%A')).toBeNull();
    expect(appFileFor(root, '/index.html%00.png')).toBeNull();
    // A name that merely starts with two dots stays inside.
    expect(appFileFor(root, '/..hidden')).toBe(path.join(root, '..hidden'));
  });

  it('refuses a link inside the folder that points outside it', () => {
    expect(appFileFor(root, '/linked/secret.txt', real)).toBeNull();
    // Without realpath the same request is judged by its text alone.
    expect(appFileFor(root, '/linked/secret.txt')).toBe(path.join(root, 'linked', 'secret.txt'));
  });
});
