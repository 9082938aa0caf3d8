import { createHash, randomBytes } from 'node:crypto'
import { base58 } from '@scure/base'
import { generateMnemonic } from '@scure/bip39'
import { wordlist as english } from '@scure/bip39/wordlists/english.js'

/*
 * Secrets for the tests that check DePIN Desk refuses them, made fresh on every run so that no
 * key or recovery phrase is ever committed, not even a published test vector.
 */

/** A valid BIP39 English recovery phrase of 12 (128 bits) to 24 (256 bits) words. */
export function throwawayPhrase(words: 12 | 15 | 18 | 21 | 24 = 12): string {
  return generateMnemonic(english, (words / 3) * 32)
}

/** A random private key in hex, 32 bytes unless told otherwise. */
export function throwawayHexKey(bytes = 32): string {
  return randomBytes(bytes).toString('hex')
}

/** A random BIP32 mainnet extended private key (`xprv…`, base58check of the 78-byte serialisation). */
export function throwawayXprv(): string {
  const version = Buffer.from('0488ade4', 'hex')
  const payload = Buffer.concat([version, Buffer.alloc(9), randomBytes(32), Buffer.from([0]), randomBytes(32)])
  const checksum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest().subarray(0, 4)
  return base58.encode(Buffer.concat([payload, checksum]))
}

/** Every run of `n` consecutive words of a phrase: what a message must not repeat. */
export function wordRuns(phrase: string, n = 2): string[] {
  const words = phrase.split(' ')
  return words.slice(0, words.length - n + 1).map((_, i) => words.slice(i, i + n).join(' '))
}
