import type { ChainFamily, WalletCheck } from '../../../shared/contract/wallets.ts'
import type { NetworkModule } from '../networks/network-module.ts'
import { findSecret, secretRefusal } from './secret-guard.ts'

/**
 * The one gate every address passes before it is saved or read: secrets are refused first,
 * then the network's own rules decide, and when they refuse an address that plainly belongs to
 * another chain the message says which one.
 */
export function checkWalletAddress(network: NetworkModule, input: string): WalletCheck {
  const text = input.trim()
  if (text === '') return { ok: false, message: `Paste the public address: ${network.info.addressHint}.`, secretRefused: false }
  const secret = findSecret(text)
  if (secret) return { ok: false, message: secretRefusal(secret), secretRefused: true }
  const verdict = network.checkAddress(text)
  if (verdict.ok) return { ok: true, address: verdict.address, note: verdict.note ?? null }
  const other = otherChain(text, network.info.chain)
  const message = other === null ? verdict.message : `This is ${other}; ${network.info.name} wants ${network.info.addressHint}.`
  return { ok: false, message, secretRefused: false }
}

const bech32Chains: Record<string, string> = {
  cosmos: 'a Cosmos Hub address',
  osmo: 'an Osmosis address',
  akash: 'an Akash address',
  bc: 'a Bitcoin address',
  celestia: 'a Celestia address',
}

/** Which other chain family an address is plainly from, in words; null when it is not plain. */
function otherChain(text: string, wants: ChainFamily): string | null {
  const guesses: [ChainFamily, string | null][] = [
    ['evm', /^0x[0-9a-f]{40}$/i.test(text) ? 'an Ethereum (EVM) address' : null],
    ['filecoin', /^f[0-4][a-z0-9]{1,120}$/.test(text) ? 'a Filecoin address' : null],
    ['cosmos', bech32Name(text)],
    ['substrate', /^5[1-9A-HJ-NP-Za-km-z]{47}$/.test(text) ? 'a Substrate (SS58) address, like Bittensor uses' : null],
    ['solana', /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(text) && !text.startsWith('5') ? 'a Solana address' : null],
  ]
  const match = guesses.find(([, words]) => words !== null)
  return match && match[0] !== wants ? match[1] : null
}

function bech32Name(text: string): string | null {
  const match = /^([a-z]+)1[02-9ac-hj-np-z]{20,}$/.exec(text)
  if (!match?.[1]) return null
  return bech32Chains[match[1]] ?? `a ${match[1]}1… (Cosmos-style) address`
}
