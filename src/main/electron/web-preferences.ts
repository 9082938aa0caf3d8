/// <reference types="electron" />

/**
 * The renderer's webPreferences. Each is spelt out even where it is Electron's default, so
 * a reader (and a scanner such as Electronegativity) sees the policy, and a changed
 * default upstream cannot loosen it.
 */
export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    contextIsolation: true,
    nodeIntegration: false,
    sandbox: true,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    spellcheck: false,
    preload,
  }
}
