import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { buildTimePin, PIN_DEFINE } from './src/main/db/nativeModule';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    // The SHA-256 of the SQLite module the app ships, inside app.asar where ASAR integrity covers it (db/nativeModule.ts).
    define: { [PIN_DEFINE]: JSON.stringify(buildTimePin(__dirname)) },
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } } },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
    plugins: [react()],
  },
});
