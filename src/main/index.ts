/**
 * The Electron entry: window, security settings and wiring only. All behaviour lives in the
 * services behind `dispatch`, which the HTTP transport and the tests exercise under plain Node.
 */
import path from 'node:path';
import fs from 'node:fs';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { dispatch } from './api/dispatch';
import { newSession, type Session } from './api/session';
import { warmAnalysis, type Backend } from './backend';
import { embeddedPin } from './db/nativeModule';
import { openAppBackend, startupErrorText } from './startup';
import { resolveDataDir } from './paths';
import { APP_BUSY_TIMEOUT_MS } from './db/busy';
import {
  APP_ORIGIN,
  APP_PROTOCOL,
  appFileFor,
  CONTENT_SECURITY_POLICY,
  isAllowedAppUrl,
  isDevicePermissionAllowed,
  isPermissionAllowed,
  isSafeExternalUrl,
} from './security';
import { IPC_CHANNEL } from '../shared/ipc';

protocol.registerSchemesAsPrivileged([{ scheme: APP_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
let backend: Backend | null = null;

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Regulars',
    icon: path.join(__dirname, '../../resources/icon.png'),
    webPreferences: {
      // The preload is the one bridge: under the sandbox and context isolation it exposes only
      // invoke(method, input), every call is validated by the contract in dispatch, and ipcMain
      // answers only frames on the app's origin. Reviewed for issue 19.
      preload: path.join(__dirname, '../preload/index.js'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click on a link would ask for a new window; the open handler denies those too,
      // but with the event gone no page script can even see one.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedAppUrl(url, devServerUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Only https: and mailto: reach the operating system (isSafeExternalUrl, tested); file:, smb:,
    // custom schemes and javascript: are dropped, and the window itself never opens.
    if (isSafeExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadURL(`${APP_ORIGIN}/index.html`);
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(process.argv, () => app.getPath('userData'));
  try {
    // The Electron build of better-sqlite3 is checked against the pin in this bundle first (db/nativeModule.ts).
    const native = { packaged: app.isPackaged, pin: embeddedPin(), resourcesPath: process.resourcesPath, appPath: app.getAppPath() };
    backend = await openAppBackend(dataDir, native, { busyTimeoutMs: APP_BUSY_TIMEOUT_MS, dailyBackups: true, walAhead: true });
  } catch (e) {
    const { title, body } = startupErrorText(e, dataDir, [...app.getPreferredSystemLanguages(), app.getLocale()]);
    dialog.showErrorBox(title, body);
    app.exit(1);
    return;
  }
  const ctx = backend.ctx;
  warmAnalysis(ctx);

  const rendererRoot = path.join(__dirname, '../renderer');
  protocol.handle(APP_PROTOCOL, (request) => {
    const url = new URL(request.url);
    const file = appFileFor(rendererRoot, url.pathname, fs.realpathSync.native);
    if (file === null) return new Response('forbidden', { status: 403 });
    return net.fetch(pathToFileURL(fs.existsSync(file) ? file : path.join(rendererRoot, 'index.html')).toString());
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    // The scanner reads only literal policies; this one is CONTENT_SECURITY_POLICY, which
    // test/security.test.ts runs through the same evaluator (csp-evaluator) and keeps equal to index.html's.
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }); // eng-disable CSP_GLOBAL_CHECK
  });
  // Deny every permission at each of Electron's three doors: requests (camera, notifications…),
  // synchronous checks (which skip the request handler), and devices (HID, serial, USB).
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionAllowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission));
  session.defaultSession.setDevicePermissionHandler((details) => isDevicePermissionAllowed(details.deviceType));

  // Who is signed in, per window; a window's session ends with it.
  const sessions = new Map<number, Session>();
  const sessionOf = (wc: Electron.WebContents): Session => {
    let s = sessions.get(wc.id);
    if (!s) {
      const id = wc.id;
      sessions.set(id, (s = newSession()));
      wc.once('destroyed', () => sessions.delete(id));
    }
    return s;
  };
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown) => {
    // Only our own page may call the backend.
    if (!isAllowedAppUrl(event.senderFrame?.url ?? '', devServerUrl)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are only accepted from the app window.' } };
    }
    return dispatch(ctx, String(method), input, sessionOf(event.sender));
  });

  createWindow();
}

app.enableSandbox();
const gotLock = app.requestSingleInstanceLock();
if (!gotLock) app.quit();
else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(start);
  app.on('window-all-closed', () => {
    void backend?.close();
    app.quit();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
