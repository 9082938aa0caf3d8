import type { NetworkInfo } from '../../../shared/contract/wallets.ts'
import { DeskError } from '../errors.ts'
import { aethir } from './aethir.ts'
import { akash } from './akash.ts'
import { bittensor } from './bittensor.ts'
import { filecoin } from './filecoin.ts'
import { grass } from './grass.ts'
import { helium } from './helium.ts'
import type { NetworkModule } from './network-module.ts'
import { nosana } from './nosana.ts'
import { render } from './render.ts'

/** Every network core reads, by id: adding a network is its module and one entry here. */
export const networks: NetworkRegistry = new Map(
  [grass, helium, akash, aethir, bittensor, filecoin, render, nosana].map((module) => [module.info.id, module]),
)

export type NetworkRegistry = ReadonlyMap<string, NetworkModule>

/** The module for an id the operator sent, or an error naming the ids there are. */
export function networkNamed(registry: NetworkRegistry, id: string): NetworkModule {
  const module = registry.get(id)
  if (!module) throw new DeskError('invalid-input', `network: DePIN Desk has no network "${id}"; it knows ${[...registry.keys()].join(', ')}`, { field: 'network' })
  return module
}

export function networkInfo(module: NetworkModule): NetworkInfo {
  const { tokens, ...rest } = module.info
  return { ...rest, tokens: tokens.map(({ symbol, name, decimals, where }) => ({ symbol, name, decimals, where })) }
}
