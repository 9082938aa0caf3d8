import type { NetworkId, NetworkInfo } from '../../../shared/contract/wallets.ts'
import { aethir } from './aethir.ts'
import { akash } from './akash.ts'
import { bittensor } from './bittensor.ts'
import { filecoin } from './filecoin.ts'
import { grass } from './grass.ts'
import { helium } from './helium.ts'
import type { NetworkModule } from './network-module.ts'
import { nosana } from './nosana.ts'
import { render } from './render.ts'

/** Every network core reads, by id. The contract's `networkIds` must list exactly these (checked by the compiler). */
export const networks: Record<NetworkId, NetworkModule> = { grass, helium, akash, aethir, bittensor, filecoin, render, nosana }

export function networkInfo(module: NetworkModule): NetworkInfo {
  const { tokens, ...rest } = module.info
  return { ...rest, tokens: tokens.map(({ symbol, name, decimals, where }) => ({ symbol, name, decimals, where })) }
}
