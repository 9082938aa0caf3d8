import { BlockList, isIP } from 'node:net'
import type { ContainerFacts, ListeningSocket } from '../../node-facts.ts'
import type { PostureFinding, PostureInput } from '../posture-types.ts'

/*
 * A port bound to a non-loopback address can be reached by every machine on the network, and
 * by the internet when the machine has a public address or the router forwards it. Node APIs
 * often answer without authentication. Some ports must be public (an Akash provider's 8443,
 * Filecoin's libp2p port), so the finding says what to do either way.
 */

const rule = 'listens-publicly'

// 127.0.0.0/8 and ::1; BlockList also matches IPv4-mapped forms such as ::ffff:127.0.0.1.
const loopback = new BlockList()
loopback.addSubnet('127.0.0.0', 8, 'ipv4')
loopback.addAddress('::1', 'ipv6')

/** Whether a listening address is reachable only from this machine. An address that is not an IP is not assumed safe. */
export function isLoopback(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  return loopback.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

const endpoint = (socket: ListeningSocket): string => (socket.family === 'ipv6' ? `[${socket.address}]:${socket.port}` : `${socket.address}:${socket.port}`)

/**
 * The node's sockets that other machines can reach. In a container with its own network, a
 * socket on 0.0.0.0 is inside the container's namespace: only published ports reach outside.
 */
function exposed(input: PostureInput): { endpoints: string[]; ports: number[] } {
  const published = input.container?.publishedPorts ?? []
  const ownNetwork = input.container !== null && input.container.networkMode !== 'host'
  const sockets = ownNetwork ? [] : input.listening.map((l) => l.socket).filter((s) => !isLoopback(s.address))
  const endpoints = [...new Set([...sockets.map(endpoint), ...published])]
  const ports = [...new Set([...sockets.map((s) => s.port), ...published.flatMap(publishedHostPort)])].sort((a, b) => a - b)
  return { endpoints, ports }
}

/** '0.0.0.0:8443->8443/tcp' → 8443, the port on the machine. */
function publishedHostPort(mapping: string): number[] {
  const port = /:(\d+)->/.exec(mapping)?.[1]
  return port === undefined ? [] : [Number(port)]
}

export function listensPublicly(input: PostureInput): PostureFinding[] {
  const { endpoints, ports } = exposed(input)
  if (endpoints.length === 0) return []
  return [
    {
      rule,
      severity: 'warning',
      title: ports.length === 1 ? `It listens on port ${ports[0]} for other machines` : `It listens on ports ${ports.join(', ')} for other machines`,
      why: 'Any machine on your network, and the internet when this machine has a public address or your router forwards the port, can talk to it. Node APIs often answer without a password.',
      fix: fixFor(input.container, ports),
      evidence: endpoints.join(', '),
    },
  ]
}

function fixFor(container: ContainerFacts | null, ports: readonly number[]): string {
  const allow = ports.map((port) => `\`sudo ufw allow ${port}/tcp\``).join(', ')
  const firewall = `If a port is meant to be public (the node's docs ask for it), let only that port in and deny the rest: \`sudo ufw default deny incoming\`, ${allow} for the ones that must be public, then \`sudo ufw enable\`.`
  if (container === null || container.networkMode === 'host') {
    return `If a port is only for you, make the node listen on 127.0.0.1 (its config file or its listen/host flag). ${firewall}`
  }
  const port = ports[0] ?? '<port>'
  return `Publish a port that is only for you on loopback: \`-p 127.0.0.1:${port}:${port}\` (compose: \`"127.0.0.1:${port}:${port}"\`). ${firewall} Docker's published ports bypass ufw, so filter them in the DOCKER-USER chain too (\`sudo iptables -I DOCKER-USER -p tcp --dport <port> -j DROP\` for a port that must stay closed).`
}
