import { describe, expect, it } from 'vitest'
import type { ChainFamily } from '../../../src/shared/contract/wallets.ts'
import type { NetworkModule } from '../../../src/main/core/networks/network-module.ts'
import { checkWalletAddress } from '../../../src/main/core/wallets/check-address.ts'
import { throwawayPhrase } from '../../support/throwaway-secrets.ts'

/** A network whose own rule accepts only `valid`, so the gate's own behaviour is what is tested. */
function network(chain: ChainFamily, name: string, hint: string, valid: string): NetworkModule {
  return {
    info: {
      id: 'grass',
      name,
      chain,
      tokens: [],
      addressHint: hint,
      rewards: { source: 'balance-delta', note: '' },
      payout: { kind: 'irregular', expectedEveryHours: null, note: '' },
    },
    endpoints: [],
    checkAddress: (input) => (input === valid ? { ok: true, address: input.toUpperCase(), note: 'normalised' } : { ok: false, message: `${name}'s own message` }),
    read: () => Promise.reject(new Error('not read in this test')),
  }
}

const helium = network('solana', 'Helium', 'a Solana address (base58, 32–44 characters)', 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux')
const akash = network('cosmos', 'Akash', 'an akash1… address', 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw')

describe('checkWalletAddress', () => {
  it('answers the network’s normalised address, trimmed of what a paste brings along', () => {
    expect(checkWalletAddress(helium, '  hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux\n')).toEqual({
      ok: true,
      address: 'HNTYVP6YFM1HG25TN9WGLQM12B8TQMCKNKRDU1OXWUX',
      note: 'normalised',
    })
  })

  it('asks for an address when the field is empty', () => {
    expect(checkWalletAddress(helium, '   ')).toEqual({ ok: false, message: 'Paste the public address: a Solana address (base58, 32–44 characters).', secretRefused: false })
  })

  it('refuses a recovery phrase before the network sees it', () => {
    const phrase = throwawayPhrase()
    const check = checkWalletAddress(helium, phrase)
    expect(check).toMatchObject({ ok: false, secretRefused: true })
    expect(check.ok ? '' : check.message).toContain('watch-only')
  })

  it.each([
    [helium, '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B', 'This is an Ethereum (EVM) address; Helium wants a Solana address (base58, 32–44 characters).'],
    [helium, 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw', 'This is an Akash address; Helium wants a Solana address (base58, 32–44 characters).'],
    [helium, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', 'This is a Substrate (SS58) address, like Bittensor uses; Helium wants a Solana address (base58, 32–44 characters).'],
    [akash, 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za', 'This is a Filecoin address; Akash wants an akash1… address.'],
    [akash, 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs', 'This is a Solana address; Akash wants an akash1… address.'],
  ])('names the chain an address plainly belongs to (%#)', (module, input, message) => {
    expect(checkWalletAddress(module, input)).toEqual({ ok: false, message, secretRefused: false })
  })

  it('leaves the network’s own message when the address is of its own family but wrong', () => {
    expect(checkWalletAddress(helium, 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs')).toEqual({ ok: false, message: "Helium's own message", secretRefused: false })
    // Another Cosmos chain's address is the Akash rules' to explain (they know the prefixes).
    expect(checkWalletAddress(akash, 'cosmos1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw')).toEqual({ ok: false, message: "Akash's own message", secretRefused: false })
    expect(checkWalletAddress(akash, 'not an address at all')).toEqual({ ok: false, message: "Akash's own message", secretRefused: false })
  })
})
