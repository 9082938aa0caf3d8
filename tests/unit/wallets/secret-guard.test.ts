import { randomBytes } from 'node:crypto'
import { base58 } from '@scure/base'
import { describe, expect, it } from 'vitest'
import { findSecret, secretRefusal } from '../../../src/main/core/wallets/secret-guard.ts'
import { throwawayHexKey, throwawayPhrase, throwawayXprv, wordRuns } from '../../support/throwaway-secrets.ts'

const twelve = throwawayPhrase(12)
const twentyFour = throwawayPhrase(24)
const solanaSecret = base58.encode(randomBytes(64))
const keypairJson = JSON.stringify([...randomBytes(64)])

describe('findSecret refuses keys and recovery phrases', () => {
  it.each([
    ['a 12-word phrase', twelve, 'recovery-phrase', '12-word'],
    ['a 24-word phrase', twentyFour, 'recovery-phrase', '24-word'],
    ['a phrase pasted in capitals across lines', twelve.toUpperCase().replaceAll(' ', '\n'), 'recovery-phrase', '12-word'],
    ['a numbered phrase with commas', twelve.split(' ').map((w, i) => `${i + 1}.${w}`).join(', '), 'recovery-phrase', '12-word'],
    ['a phrase with one typo', `${twelve.slice(0, twelve.lastIndexOf(' '))} zzqx`, 'recovery-phrase', 'checksum is off'],
    ['a 15-word phrase with a bad checksum', `${'zoo '.repeat(14)}zoo`, 'recovery-phrase', '15-word'],
    ['an EVM private key', `0x${throwawayHexKey()}`, 'private-key', 'hex'],
    ['a bare 32-byte hex key', throwawayHexKey(), 'private-key', 'hex'],
    ['a 64-byte hex secret', throwawayHexKey(64), 'private-key', 'hex'],
    ['a Phantom base58 secret key', solanaSecret, 'private-key', 'base58'],
    ['a solana-keygen id.json', keypairJson, 'private-key', 'keypair file'],
    ['an xprv', throwawayXprv(), 'private-key', 'xprv'],
  ])('%s', (_name, input, kind, words) => {
    const finding = findSecret(input)
    expect(finding?.kind).toBe(kind)
    expect(finding?.what).toContain(words)
  })

  it('says watch-only and never repeats what was pasted', () => {
    // A phrase's single words are everyday English ("never", "public"), so it is runs of them that must not come back.
    for (const [input, pieces] of [
      [twelve, wordRuns(twelve, 3)],
      [solanaSecret, [solanaSecret]],
      [keypairJson, [keypairJson]],
    ] as const) {
      const finding = findSecret(input)
      if (!finding) throw new Error('expected a finding')
      const message = secretRefusal(finding)
      expect(message).toContain('watch-only')
      expect(message).toContain('not saved, logged or sent')
      for (const piece of pieces) expect(message).not.toContain(piece)
    }
  })
})

describe('findSecret lets addresses through', () => {
  it.each([
    ['a Solana address', 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'],
    ['an EVM address', '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B'],
    ['an Akash address', 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw'],
    ['an SS58 address', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'],
    ['a Filecoin f1 address', 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za'],
    // Filecoin docs' example BLS address: 86 characters that are also valid base58.
    ['a Filecoin f3 address', 'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a'],
    ['a label of eleven words', 'my rig in the garage that runs the helium hotspot at home'],
    ['a list of 64 numbers above 255', JSON.stringify(Array.from({ length: 64 }, () => 300))],
    ['the empty string', ''],
  ])('%s', (_name, input) => {
    expect(findSecret(input)).toBeNull()
  })
})
