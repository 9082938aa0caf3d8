import { existsSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDeskCore, type DeskCore } from '../core/app.ts'
import type { Logger } from '../core/log.ts'
import { ensurePrivateDir } from '../core/store/private-files.ts'
import { createAgentServer } from './http-server.ts'
import { createMetricsEndpoint } from './metrics/metrics-endpoint.ts'
import type { AgentOptions } from './options.ts'
import { agentReach } from './reach.ts'
import { isLoopbackHost, type GuardPolicy } from './request-guard.ts'
import { loadOrCreateToken, type AgentToken } from './token.ts'
import { WsTransport } from './ws-transport.ts'

export type RunningAgent = {
  core: DeskCore
  url: string
  port: number
  /** Present when the bind is not loopback-only and calls need it. */
  token: AgentToken | undefined
  stop(): Promise<void>
}

/** The folder holding package.json, whether this runs from src/ or from the bundle in out/. */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`)
  }
}

const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)))

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}

/** Who may call: anyone on this machine for a loopback bind, token holders otherwise. */
export function accessPolicy(host: string, dataDir: string): { policy: GuardPolicy; token: AgentToken | undefined } {
  const loopbackOnly = isLoopbackHost(host)
  const token = loopbackOnly ? undefined : loadOrCreateToken(dataDir)
  return { policy: { requiredToken: token?.token, loopbackOnly }, token }
}

/** Starts core, the HTTP/WebSocket transport and sampling; resolves once listening. */
export async function startAgent(
  options: AgentOptions,
  log: Logger,
  uiRoot = join(projectRoot, 'out/renderer'),
): Promise<RunningAgent> {
  ensurePrivateDir(options.dataDir, log)
  const { policy, token } = accessPolicy(options.host, options.dataDir)
  const core = createDeskCore({
    version: packageVersion(),
    shell: 'agent',
    log,
    dataDir: options.dataDir,
    sampleIntervalMs: options.sampleIntervalMs,
    ...(options.priceFeeds === undefined ? {} : { priceFeeds: options.priceFeeds }),
    ...(options.publicEndpoints === undefined ? {} : { publicEndpoints: options.publicEndpoints }),
  })
  const ws = new WsTransport(core, log)
  const metrics = createMetricsEndpoint(core, log)
  const server = createAgentServer({
    core,
    policy,
    uiRoot,
    metrics,
    onUpgrade: (request, socket, head) => ws.handleUpgrade(request, socket, head),
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  // Before any call is served: requests wait for this turn of the loop to end.
  core.info.agent = agentReach(options.host, port, token, networkInterfaces())
  await core.start()
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    core,
    port,
    token,
    url: `http://${hostForUrl}:${port}/`,
    async stop() {
      await ws.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      metrics.dispose()
      await core.stop()
    },
  }
}
