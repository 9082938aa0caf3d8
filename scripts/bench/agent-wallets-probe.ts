/**
 * `node scripts/bench/agent-wallets-probe.ts [--json] [--settle-seconds N] [--networks a,b] [--no-endpoints]`
 * (run by `npm run bench`): the resident memory of the bundled agent (out/agent/main.js) watching
 * one wallet on each network, `--settle-seconds` (15) after a refresh. The agent runs with
 * `publicEndpoints: false`, so no public host is ever reached: the subtensor endpoint is a loopback
 * stand-in serving a coldkey with stake, a miner and an alpha price (so the SCALE codec decodes real
 * bodies over a real HTTP exchange; on Node's fetch the first one cost ~15-19 MiB, llhttp's
 * WebAssembly included); the other networks have no endpoint and fail fast, which still loads their chain SDKs.
 * Figures on stdout, each wallet's read on stderr.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  accountIdsHex,
  accountInfoHex,
  addresses,
  netuidHex,
  stakeInfoHex,
  storageKeys,
  subtensorMethods,
  trueHex,
  u16Hex,
  u64Hex,
  u64VecHex,
} from '../../tests/fixtures/chains/substrate.ts'
import { agentEntry, callAgent, residentMiB, spawnAgent } from '../../tests/support/spawn-agent.ts'

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'settle-seconds': { type: 'string', default: '15' },
    /** Comma-separated network ids to add (default all eight), to see what each costs. */
    networks: { type: 'string', default: 'all' },
    /** No subtensor stand-in either: every read fails fast, as the figure was first measured by hand. */
    'no-endpoints': { type: 'boolean', default: false },
  },
})

/** One valid address per network, from the tests' fixtures. */
const wallets = [
  { network: 'grass', address: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV' },
  { network: 'helium', address: '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin' },
  { network: 'akash', address: 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw' },
  { network: 'aethir', address: '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B' },
  { network: 'bittensor', address: addresses.alice },
  { network: 'filecoin', address: 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za' },
  { network: 'render', address: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV' },
  { network: 'nosana', address: '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin' },
]

/** Alice: free TAO, stake on Bob's hotkey on subnet 19, and Bob as her own miner there (UID 1). */
const methods = subtensorMethods({
  storage: {
    [storageKeys.account(addresses.alice)]: accountInfoHex({ free: 12_000_000_000n }),
    [storageKeys.ownedHotkeys(addresses.alice)]: accountIdsHex([addresses.bob]),
    [storageKeys.isNetworkMember(addresses.bob, 19)]: trueHex,
    [storageKeys.uids(19, addresses.bob)]: u16Hex(1),
    [storageKeys.emission(19)]: u64VecHex([0n, 1_500_000_000n]),
  },
  calls: {
    [`StakeInfoRuntimeApi_get_stake_info_for_coldkey ${addresses.alicePublicKey}`]: stakeInfoHex([
      { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 19, stake: 40_000_000_000n, isRegistered: true },
    ]),
    [`SwapRuntimeApi_current_alpha_price ${netuidHex(19)}`]: u64Hex(25_000_000n),
  },
})

function rpcServer(): Promise<{ url: string; calls: () => number; close(): void }> {
  let calls = 0
  const answer = (call: unknown): unknown => {
    const { id, method, params } = (call ?? {}) as { id?: unknown; method?: unknown; params?: unknown }
    const handler = typeof method === 'string' ? methods[method] : undefined
    calls++
    return handler ? { jsonrpc: '2.0', id, ...handler(params) } : { jsonrpc: '2.0', id: id ?? null, error: { code: -32601, message: 'Method not found' } }
  }
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      const body: unknown = JSON.parse(text)
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(Array.isArray(body) ? body.map(answer) : answer(body)))
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = address !== null && typeof address === 'object' ? address.port : 0
      resolve({ url: `http://127.0.0.1:${port}`, calls: () => calls, close: () => server.close() })
    })
  })
}

const subtensor = await rpcServer()
const dataDir = mkdtempSync(join(tmpdir(), 'desk-bench-wallets-'))
const config = join(dataDir, 'agent.json')
writeFileSync(config, JSON.stringify({ publicEndpoints: false, logLevel: 'error' }))
const agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', config], agentEntry.built)
const call = (method: string, input: unknown = {}): Promise<unknown> => callAgent(agent, method, input)
try {
  if (!values['no-endpoints']) await call('endpoints.set', { key: 'subtensor', url: subtensor.url })
  // Each wallet's first read runs as it is added; waited for, so the refresh reads all eight again.
  const only = values.networks === 'all' ? null : values.networks.split(',')
  for (const wallet of wallets.filter((w) => only === null || only.includes(w.network))) {
    await call('wallets.add', { ...wallet, label: wallet.network })
    for (let tries = 0; tries < 50; tries++) {
      const { wallets: views } = (await call('wallets.snapshot')) as { wallets: { freshness: string }[] }
      if (views.every((view) => view.freshness !== 'pending')) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const snapshot = (await call('wallets.refresh')) as { wallets: { wallet: { network: string }; holdings: unknown[]; error: string | null }[] }
  for (const view of snapshot.wallets) process.stderr.write(`${view.wallet.network}: ${String(view.holdings.length)} holdings${view.error === null ? '' : `; ${view.error}`}\n`)
  await new Promise((resolve) => setTimeout(resolve, Number(values['settle-seconds']) * 1000))
  process.stderr.write(`the subtensor stand-in answered ${String(subtensor.calls())} calls\n`)
  const rssMb = residentMiB(agent.child.pid)
  process.stdout.write(values.json ? `${JSON.stringify({ agent_rss_wallets_mb: rssMb })}\n` : `agent_rss_wallets_mb ${rssMb.toFixed(1)} MiB\n`)
} finally {
  await agent.stop()
  subtensor.close()
}
