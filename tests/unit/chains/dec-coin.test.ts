import { describe, expect, it } from 'vitest'
import { parseDecAmount } from '../../../src/main/core/chains/cosmos.ts'

/*
 * Cosmos amounts arrive as strings: Coins as integers ("13780746"), DecCoins as LegacyDec with 18
 * fractional digits ("1234.567890000000000000"). Both become whole base units, floored, exactly.
 */

describe('parseDecAmount', () => {
  it.each([
    ['1234.567890000000000000', 1234n],
    ['765.999999999999999999', 765n],
    ['0.000000000000000001', 0n],
    ['0.000000000000000000', 0n],
    ['13780746', 13780746n],
    ['0', 0n],
    ['4.5', 4n],
    ['007', 7n],
    // Beyond 2^53 a float would already be wrong in the last digits.
    ['123456789012345678901234567890.999999999999999999', 123456789012345678901234567890n],
    ['9'.repeat(78), BigInt('9'.repeat(78))],
  ])('%s → %s base units', (text, expected) => {
    expect(parseDecAmount(text)).toBe(expected)
  })

  it.each([
    ['-1.000000000000000000', 'negative'],
    ['1.0000000000000000000', '19 fractional digits'],
    ['1.', 'a point without digits'],
    ['.5', 'no integer part'],
    ['1e6', 'exponent notation'],
    [' 12', 'whitespace'],
    ['12 ', 'trailing whitespace'],
    ['1,000', 'a thousands separator'],
    ['0x10', 'hex'],
    ['', 'nothing'],
    ['NaN', 'not a number'],
    ['9'.repeat(79), 'more digits than any base-unit amount'],
  ])('%s is refused (%s)', (text) => {
    expect(parseDecAmount(text)).toBeNull()
  })
})
