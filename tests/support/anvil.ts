import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/*
 * A real local EVM node for tests: Foundry's anvil, from the npm optional dependency
 * @foundry-rs/anvil-linux-amd64 (Linux x64 only). It listens on a free loopback port (anvil
 * picks it with --port 0 and prints it) and is ready once eth_chainId answers.
 */

const binaryPath = join(import.meta.dirname, '../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil')

/** The anvil binary, when the optional dependency is installed. */
export const anvilBinary: string | undefined = existsSync(binaryPath) ? binaryPath : undefined

export const anvilMissingReason =
  'EVM node tests not run: anvil is not installed (the optional dependency @foundry-rs/anvil-linux-amd64, Linux x64 only); tests/integration/chains/evm-faults.test.ts covers the client against loopback servers'

export type Anvil = { url: string; host: string; chainId: number; close(): Promise<void> }

const startupMs = 20_000

export async function startAnvil(options: { chainId: number }): Promise<Anvil> {
  if (anvilBinary === undefined) throw new Error(anvilMissingReason)
  const child = spawn(anvilBinary, ['--host', '127.0.0.1', '--port', '0', '--chain-id', String(options.chainId), '--accounts', '3'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(killer)
  }
  try {
    const host = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`anvil did not say where it listens within ${startupMs} ms:\n${output}`)), startupMs)
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8')
        const listening = /Listening on (127\.0\.0\.1:\d+)/.exec(output)
        if (listening?.[1] === undefined) return
        clearTimeout(timer)
        resolve(listening[1])
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      child.once('error', reject)
      void exited.then((code) => reject(new Error(`anvil exited (code ${code}) before listening:\n${output}`)))
    })
    const url = `http://${host}`
    await untilChainId(url, options.chainId)
    return { url, host, chainId: options.chainId, close }
  } catch (error) {
    await close()
    throw error
  }
}

async function untilChainId(url: string, chainId: number): Promise<void> {
  const deadline = Date.now() + startupMs
  let said = await askChainId(url)
  while (said === null) {
    if (Date.now() > deadline) throw new Error(`anvil at ${url} did not answer eth_chainId within ${startupMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    said = await askChainId(url)
  }
  if (said !== `0x${chainId.toString(16)}`) throw new Error(`anvil at ${url} says it is chain ${JSON.stringify(said)}, not ${chainId}`)
}

/** eth_chainId's result, or null while the node does not answer yet. */
async function askChainId(url: string): Promise<unknown> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) })
    const body = (await response.json()) as { result?: unknown }
    return body.result ?? null
  } catch {
    return null
  }
}
