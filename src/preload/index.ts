/**
 * Exposes exactly one function to the page: invoke(method, input). No ipcRenderer, no Node.
 * The main process validates the method and the input against the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from '../shared/ipc';
import type { RegularsBridge } from './index.d';

const bridge: RegularsBridge = {
  invoke: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input),
};

contextBridge.exposeInMainWorld('regulars', bridge);
