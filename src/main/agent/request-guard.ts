import { timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  return isIP(bare) === 4 && bare.startsWith('127.')
}

export type GuardPolicy = {
  /** The token every /api and /ws request must carry; undefined on a loopback bind. */
  requiredToken: string | undefined
  /** True when bound to loopback: then the Host header must name loopback too. */
  loopbackOnly: boolean
}

export type RequestFacts = {
  host: string | undefined
  origin: string | undefined
  /** The bearer token the caller presented, if any. */
  token: string | undefined
}

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string }

/**
 * Who may call the contract. A loopback agent still refuses other hosts' names (DNS
 * rebinding) and pages of other origins (a website calling 127.0.0.1); a network agent
 * also wants its token.
 */
export function checkRequest(policy: GuardPolicy, facts: RequestFacts): GuardVerdict {
  if (!facts.host) return { ok: false, status: 403, message: 'missing Host header' }
  const hostname = hostnameOf(facts.host)
  if (policy.loopbackOnly && (hostname === undefined || !isLoopbackHost(hostname))) {
    return { ok: false, status: 403, message: `host "${facts.host}" is not this agent` }
  }
  if (facts.origin !== undefined && facts.origin !== `http://${facts.host}` && facts.origin !== `https://${facts.host}`) {
    return { ok: false, status: 403, message: `origin "${facts.origin}" may not call this agent` }
  }
  if (policy.requiredToken !== undefined && !tokensMatch(policy.requiredToken, facts.token)) {
    return { ok: false, status: 401, message: 'a valid bearer token is required' }
  }
  return { ok: true }
}

/** `Authorization: Bearer <token>` for HTTP; the `bearer.<token>` subprotocol for WebSocket. */
export function presentedToken(authorization: string | undefined, subprotocols: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  if (bearer) return bearer[1]
  const fromProtocol = (subprotocols ?? '')
    .split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith('bearer.'))
  return fromProtocol?.slice('bearer.'.length)
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname
  } catch {
    return undefined
  }
}

function tokensMatch(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}
