import type { AgentReach } from '../../../shared/contract/app.ts'

/** How the agent is started so that other machines may reach it (it then wants its token). */
export const networkAgentCommand = 'npm run agent -- --host 0.0.0.0'

/** The token as shown until revealed: its last four characters, enough to tell two apart. */
export function maskToken(token: string): string {
  return `${'•'.repeat(12)}${token.slice(-4)}`
}

/** The address a browser opens once to keep the token: the agent's page with #token=. */
export function tokenLink(pageUrl: string, token: string): string {
  return `${new URL('/', pageUrl).href}#token=${token}`
}

/** An SSH tunnel from another machine to a loopback agent: its own port forwarded to the agent's. */
export function tunnelCommand(port: number): string {
  return `ssh -N -L ${port}:127.0.0.1:${port} you@this-machine`
}

/** "0.0.0.0:7420, every network interface"; "127.0.0.1:7420, this machine only". */
export function listenWords(reach: AgentReach): string {
  const bind = reach.host.includes(':') && !reach.host.startsWith('[') ? `[${reach.host}]:${reach.port}` : `${reach.host}:${reach.port}`
  if (reach.loopbackOnly) return `${bind}, this machine only`
  if (reach.host === '0.0.0.0' || reach.host === '::' || reach.host === '[::]') return `${bind}, every network interface`
  return `${bind}, that address only`
}

const platformNames: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', freebsd: 'FreeBSD' }

/** Node's platform id as an operator names it: 'darwin' → 'macOS (darwin)'. */
export function platformWords(platform: string): string {
  const name = platformNames[platform]
  return name === undefined ? platform : `${name} (${platform})`
}
