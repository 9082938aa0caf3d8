import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { networks } from '../../../../src/main/core/networks/index.ts'
import { signatures, signaturesByNetwork } from '../../../../src/main/core/nodes/signatures/index.ts'

const dir = join(import.meta.dirname, '../../../../src/main/core/nodes/signatures')

describe('the signature registry', () => {
  it('lists one file per network, and every network core reads', () => {
    const files = readdirSync(dir)
      .filter((file) => file.endsWith('.ts') && !['index.ts', 'recognize.ts'].includes(file))
      .map((file) => file.replace(/\.ts$/, ''))
    expect(files.sort()).toEqual([...signaturesByNetwork.keys()].sort())
    expect([...signaturesByNetwork.keys()].sort()).toEqual([...networks.keys()].sort())
  })

  it('files each signature under its own network, with a unique id', () => {
    for (const [network, list] of signaturesByNetwork) for (const signature of list) expect(signature.network).toBe(network)
    const ids = signatures.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('cites an https source for every signature and declares something to match', () => {
    for (const signature of signatures) {
      expect(signature.sources.length, signature.id).toBeGreaterThan(0)
      for (const source of signature.sources) expect(new URL(source).protocol, `${signature.id}: ${source}`).toBe('https:')
      const ways = [signature.processNames, signature.commandLine, signature.images, signature.containerNames, signature.systemdUnits].filter((list) => (list?.length ?? 0) > 0)
      expect(ways.length, signature.id).toBeGreaterThan(0)
    }
  })

  it('asks health endpoints on loopback only', () => {
    for (const signature of signatures) {
      if (signature.health === undefined) continue
      expect(['127.0.0.1', '[::1]', 'localhost'], signature.id).toContain(new URL(signature.health.url).hostname)
    }
  })
})

describe('command-line patterns against what must not match', () => {
  const byId = new Map(signatures.map((s) => [s.id, s]))
  const matches = (id: string, line: string): boolean => byId.get(id)?.commandLine?.some((pattern) => pattern.test(line)) ?? false

  it.each([
    ['grass-desktop', '/usr/bin/grass', true],
    ['grass-desktop', 'grass', true],
    ['grass-desktop', '/Applications/Grass.app/Contents/MacOS/Grass', true],
    ['grass-desktop', 'C:\\Users\\op\\AppData\\Local\\Grass\\Grass.exe --minimized', true],
    ['grass-desktop', '/usr/bin/python3 /usr/bin/grass --gui', false],
    ['grass-desktop', '/usr/bin/grassy', false],
    ['lotus-daemon', '/usr/local/bin/lotus daemon', true],
    ['lotus-daemon', 'lotus daemon --import-snapshot snap.car', true],
    ['lotus-daemon', 'lotus sync wait', false],
    ['lotus-daemon', 'lotus-miner run', false],
    ['lotus-miner', 'lotus-miner info', false],
    ['curio', 'curio run --layers=gui', true],
    ['curio', 'curio cli storage list', false],
    ['akash-provider', '/bin/provider-services run', true],
    ['akash-provider', 'provider-services query market lease list', false],
    ['akash-provider', 'akash provider run --cluster-k8s', true],
    ['bittensor-neuron', 'python3 neurons/miner.py --netuid 1', true],
    ['bittensor-neuron', 'python -m sn19.miner --wallet.name cold --netuid 19', true],
    ['bittensor-neuron', 'btcli subnet register --netuid 1 --wallet.name miner', false],
    ['bittensor-neuron', '/usr/bin/python3 /root/.local/bin/btcli stake add --netuid 1 --wallet.name miner', false],
    ['bittensor-neuron', 'python3 train.py --netuid-list 1', false],
    ['nosana-node', 'node /usr/local/bin/nosana node start --network mainnet', true],
    ['nosana-node', 'nosana node view', false],
    ['render-client', 'C:\\Program Files\\OTOY\\RNDR\\rndrclient.exe', true],
    ['render-client', 'C:\\Program Files\\OTOY\\OctaneRender\\octane.exe', false],
    ['aethir-checker', '/root/AethirCheckerCLI-linux/AethirCheckerService', true],
    ['aethir-checker', './AethirCheckerCLI', false],
    ['helium-gateway', '/usr/bin/helium_gateway -c /etc/helium_gateway server', true],
    ['subtensor-node', './target/release/node-subtensor --chain raw_spec.json', true],
  ])('%s on "%s": %s', (id, line, expected) => {
    expect(matches(id, line)).toBe(expected)
  })
})
