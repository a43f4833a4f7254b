/** The one IPC channel between the preload bridge and the main process. */
export const IPC_CHANNEL = 'regulars:invoke';
