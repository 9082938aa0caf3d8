import { base58 } from '@scure/base'
import { validateMnemonic } from '@scure/bip39'
import { wordlist as english } from '@scure/bip39/wordlists/english.js'

/*
 * Watch-only means the product never takes a key. Operators paste from password managers and
 * wallet exports, so a recovery phrase or a private key in the address field is a real mistake;
 * it is recognised here before anything else looks at the input, and the caller drops it: it is
 * never logged, stored, echoed in a message or sent anywhere.
 */

export type SecretKind = 'recovery-phrase' | 'private-key'

export type SecretFinding = { kind: SecretKind; what: string }

const englishWords = new Set(english)

/** What the input is, when it is a secret; null when it is not one. Pure: the input goes nowhere. */
export function findSecret(input: string): SecretFinding | null {
  const text = input.trim()
  return recoveryPhrase(text) ?? hexKey(text) ?? base58Key(text) ?? keypairArray(text) ?? extendedKey(text)
}

/** The explanation shown instead of the input; never contains the input. */
export function secretRefusal(finding: SecretFinding): string {
  return (
    `This looks like ${finding.what}, not an address. DePIN Desk is watch-only: it needs only your public wallet address ` +
    'and never asks for a recovery phrase or private key. What you pasted was not saved, logged or sent anywhere. ' +
    'Paste the public address your wallet shows under "Receive".'
  )
}

function recoveryPhrase(text: string): SecretFinding | null {
  const words = text.toLowerCase().split(/[\s,;]+/).filter((word) => word !== '')
  if (words.length < 12 || words.length > 24) return null
  // A phrase with one typo, or a count that is not a multiple of three, is still somebody's phrase.
  const known = words.filter((word) => englishWords.has(word.replace(/^\d+[.)]/, ''))).length
  if (known < words.length - 1) return null
  const valid = validateMnemonic(words.join(' '), english)
  return { kind: 'recovery-phrase', what: `a ${words.length}-word recovery (seed) phrase${valid ? '' : ' (its checksum is off, but it is one)'}` }
}

function hexKey(text: string): SecretFinding | null {
  // 32 bytes: secp256k1 (EVM) and ed25519/sr25519 seeds; 64 bytes: Substrate and Solana expanded secrets.
  if (!/^(0x)?([0-9a-f]{64}|[0-9a-f]{128})$/i.test(text)) return null
  return { kind: 'private-key', what: 'a private key (hex)' }
}

function base58Key(text: string): SecretFinding | null {
  if (text.length < 80 || text.length > 90 || !/^[1-9A-HJ-NP-Za-km-z]+$/.test(text)) return null
  // A Filecoin BLS address (f3…, base32) is as long and may spell valid base58 too.
  if (/^[ft]3[a-z2-7]+$/.test(text)) return null
  try {
    // Phantom and Solflare export the 64-byte secret key (seed ++ public key) in base58.
    return base58.decode(text).length === 64 ? { kind: 'private-key', what: 'a Solana private key (base58)' } : null
  } catch {
    return null
  }
}

function keypairArray(text: string): SecretFinding | null {
  if (!text.startsWith('[')) return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  // solana-keygen's id.json: 64 numbers 0–255.
  if (!Array.isArray(value) || (value.length !== 64 && value.length !== 32)) return null
  const bytes = value.every((n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 255)
  return bytes ? { kind: 'private-key', what: 'a keypair file (a JSON list of secret-key bytes)' } : null
}

function extendedKey(text: string): SecretFinding | null {
  return /^[xyzt]prv[1-9A-HJ-NP-Za-km-z]{100,112}$/.test(text) ? { kind: 'private-key', what: 'an extended private key (xprv)' } : null
}
