import type { NodeSignature } from '../node-signature.ts'
import { aethirSignatures } from './aethir.ts'
import { akashSignatures } from './akash.ts'
import { bittensorSignatures } from './bittensor.ts'
import { filecoinSignatures } from './filecoin.ts'
import { grassSignatures } from './grass.ts'
import { heliumSignatures } from './helium.ts'
import { nosanaSignatures } from './nosana.ts'
import { renderSignatures } from './render.ts'

/**
 * Every network's node software, by network id (the ids of networks/index.ts). The list is
 * explicit, as ESM has no init(): adding a network's recognizer is its file and one line here.
 */
export const signaturesByNetwork: ReadonlyMap<string, readonly NodeSignature[]> = new Map([
  ['grass', grassSignatures],
  ['helium', heliumSignatures],
  ['akash', akashSignatures],
  ['aethir', aethirSignatures],
  ['bittensor', bittensorSignatures],
  ['filecoin', filecoinSignatures],
  ['render', renderSignatures],
  ['nosana', nosanaSignatures],
])

/** All of them, in one list for recognize(). */
export const signatures: readonly NodeSignature[] = [...signaturesByNetwork.values()].flat()
