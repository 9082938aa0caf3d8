import type { DeskClient } from './client.ts'
import { createIpcClient } from './client-ipc.ts'
import { createWsClient } from './client-ws.ts'

/** Where the page keeps the agent's token between visits (Settings shows it, masked). */
export const agentTokenKey = 'depin-desk.agent-token'

/**
 * The only place that decides the transport: the preload bridge inside Electron, the
 * agent's WebSocket in a browser. A `#token=` in the URL (printed by a network-bound
 * agent) is kept for next time and removed from the address bar.
 */
export function pickClient(): DeskClient {
  if (window.desk) return createIpcClient(window.desk)
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const token = takeToken()
  // A token pasted into the address bar of an open page changes only the hash: start over with it.
  window.addEventListener('hashchange', () => {
    if (/(?:^#|&)token=/.test(location.hash)) location.reload()
  })
  return createWsClient({ url: `${scheme}//${location.host}/ws`, token, checkAccess: () => checkAccess(token) })
}

/** The same door over HTTP, where the agent's 401 is visible. */
async function checkAccess(token: string | null): Promise<'ok' | 'unauthorized' | 'unreachable'> {
  try {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (token) headers.Authorization = `Bearer ${token}`
    const response = await fetch('/api/app.info', { method: 'POST', headers, body: '{}' })
    return response.status === 401 ? 'unauthorized' : 'ok'
  } catch {
    return 'unreachable'
  }
}

function takeToken(): string | null {
  const fromHash = /(?:^#|&)token=([0-9a-f]{64})(?:&|$)/.exec(location.hash)?.[1]
  if (fromHash) {
    localStorage.setItem(agentTokenKey, fromHash)
    history.replaceState(null, '', location.pathname + location.search)
    return fromHash
  }
  return localStorage.getItem(agentTokenKey)
}
