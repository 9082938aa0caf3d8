import { WebSocket } from 'ws'

/*
 * How this app reaches another agent: its /ws with the desk.v1 subprotocol and the token as an
 * `Authorization: Bearer` header (src/main/agent/request-guard.ts accepts either that or a
 * `bearer.<token>` subprotocol; a header is kept out of the agent's subprotocol echo).
 */

/** The agent's /ws address for its base URL: http → ws, https → wss. */
export function wsUrlOf(base: string): string {
  const url = new URL(base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws`
  url.search = ''
  url.hash = ''
  return url.toString()
}

export function openRigSocket(base: string, token: string | undefined, handshakeTimeoutMs: number): WebSocket {
  return new WebSocket(wsUrlOf(base), ['desk.v1'], {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    handshakeTimeout: handshakeTimeoutMs,
    // A whole profit snapshot is the largest frame; anything past this is not an agent's answer.
    maxPayload: 16 * 1024 * 1024,
    followRedirects: false,
  })
}

/** Words for a handshake the agent answered with an HTTP status instead of upgrading. */
export function refusalWords(status: number, hadToken: boolean): string {
  if (status === 401) return hadToken ? 'the token was refused: copy it again from the agent’s agent-token file' : 'this agent needs a token: it is in the agent-token file of its data dir'
  return `the agent refused the connection (HTTP ${String(status)}): it may not accept calls from this address`
}

/** Text of a socket error in a few words: "connect ECONNREFUSED 10.0.0.5:7420". */
export function errorWords(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : 'connection failed'
}
