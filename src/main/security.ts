/**
 * Security decisions as small pure functions, so they can be unit-tested apart from Electron.
 * Renderer content may only come from the app itself; nothing navigates away or opens windows.
 */
import path from 'node:path';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Inline styles only, never scripts: Mantine writes its theme variables into a <style> element and
  // sizes components through style attributes. Injected CSS cannot run code, and with img-src,
  // font-src and connect-src held to 'self' it has nowhere to send what it could read.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const APP_PROTOCOL = 'app';
export const APP_ORIGIN = `${APP_PROTOCOL}://regulars`;

/** May the window be at this URL? Only the app's own origin (or the dev server in development). */
export function isAllowedAppUrl(url: string, devServerUrl?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (`${u.protocol}//${u.host}` === APP_ORIGIN) return true;
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    return u.origin === dev.origin;
  }
  return false;
}

/** Links the app may hand to the operating system (help pages, mailto). Everything else is dropped. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** The app asks for no device permissions; printing needs none. */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}

/** No HID, serial or USB device is ever handed to a page: a card reader types like a keyboard. */
export function isDevicePermissionAllowed(_deviceType: string): boolean {
  return false;
}

/** Resolves a symlink to its target; throws when the path does not exist (fs.realpathSync does). */
export type RealPath = (p: string) => string;

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  // '' is the root itself; '..' or '../x' climbs out; an absolute result is another drive (Windows).
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

/**
 * The file an `app://` request may read, or null when the path leaves the renderer folder. A plain
 * prefix test lets a sibling folder through (`renderer-old/` starts with `renderer`), so the
 * decision is made on path.relative. With `realpath`, a link inside the folder that points outside
 * it is refused too; a path that does not exist is judged by its text (the caller serves
 * index.html for it).
 */
export function appFileFor(rendererRoot: string, pathname: string, realpath?: RealPath): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, '.' + path.sep + decoded);
  if (!isInside(root, file)) return null;
  if (realpath) {
    let real: string;
    try {
      real = realpath(file);
    } catch {
      return file;
    }
    if (!isInside(realpath(root), real)) return null;
  }
  return file;
}
