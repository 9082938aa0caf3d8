import type { DeskBridge } from '../shared/contract/bridge.ts'

declare global {
  // Declaration merging into the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    /** Set by the desktop preload; absent when the page is served by the agent. */
    desk?: DeskBridge
  }
}
