import type { NetworkInterfaceInfo } from 'node:os'
import type { AgentReach } from '../../shared/contract/app.ts'
import { isLoopbackHost } from './request-guard.ts'
import type { AgentToken } from './token.ts'

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>

const wildcards: Record<string, 'ipv4' | 'any'> = { '0.0.0.0': 'ipv4', '::': 'any', '[::]': 'any' }

const urlOf = (address: string, port: number): string => `http://${address.includes(':') ? `[${address}]` : address}:${port}/`

/**
 * The addresses another machine may open. A wildcard bind answers on every interface, so each
 * outward address is one (`::` takes IPv4 too, as Node binds it dual-stack). IPv6 link-local
 * addresses are left out: a browser cannot open them without a zone. Loopback: none.
 */
export function reachableUrls(host: string, port: number, interfaces: Interfaces): string[] {
  if (isLoopbackHost(host)) return []
  const wildcard = wildcards[host]
  if (wildcard === undefined) return [urlOf(host.replace(/^\[(.*)\]$/, '$1'), port)]
  const outward = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal && (i.family === 'IPv4' || (wildcard === 'any' && !i.address.toLowerCase().startsWith('fe80:'))))
  // IPv4 first: the address an operator types.
  const ordered = [...outward.filter((i) => i.family === 'IPv4'), ...outward.filter((i) => i.family !== 'IPv4')]
  return [...new Set(ordered.map((i) => urlOf(i.address, port)))]
}

/** What the page is told of the agent it talks to: where it listens, who may call, where the token is kept (never the token). */
export function agentReach(host: string, port: number, token: AgentToken | undefined, interfaces: Interfaces): AgentReach {
  return {
    host,
    port,
    loopbackOnly: isLoopbackHost(host),
    urls: reachableUrls(host, port, interfaces),
    tokenRequired: token !== undefined,
    tokenPath: token?.path ?? null,
  }
}
