import type { DeskClient } from './client.ts'
import { createIpcClient } from './client-ipc.ts'
import { createWsClient } from './client-ws.ts'

const tokenKey = 'depin-desk.agent-token'

/**
 * The only place that decides the transport: the preload bridge inside Electron, the
 * agent's WebSocket in a browser. A `#token=` in the URL (printed by a network-bound
 * agent) is kept for next time and removed from the address bar.
 */
export function pickClient(): DeskClient {
  if (window.desk) return createIpcClient(window.desk)
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return createWsClient({ url: `${scheme}//${location.host}/ws`, token: takeToken() })
}

function takeToken(): string | null {
  const fromHash = /(?:^#|&)token=([0-9a-f]{64})(?:&|$)/.exec(location.hash)?.[1]
  if (fromHash) {
    localStorage.setItem(tokenKey, fromHash)
    history.replaceState(null, '', location.pathname + location.search)
    return fromHash
  }
  return localStorage.getItem(tokenKey)
}
