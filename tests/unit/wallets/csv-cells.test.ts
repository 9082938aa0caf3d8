import { describe, expect, it } from 'vitest'
import { earningKind, unitsToDecimal, unitsToRoundedDecimal } from '../../../src/main/core/wallets/csv-cells.ts'

describe('unitsToDecimal', () => {
  it.each([
    ['0', 18, '0'],
    ['1000', 3, '1'],
    ['1230', 3, '1.23'],
    ['000123', 2, '1.23'],
    ['18446744073709551617', 0, '18446744073709551617'],
    ['18446744073709551617', 18, '18.446744073709551617'],
    ['1', 36, '0.000000000000000000000000000000000001'],
    ['115792089237316195423570985008687907853269984665640564039457584007913129639935', 18, '115792089237316195423570985008687907853269984665640564039457.584007913129639935'],
  ])('%s base units with %i decimals is %s', (amount, decimals, expected) => {
    expect(unitsToDecimal(amount, decimals)).toBe(expected)
  })

  it('refuses what is not a whole number of base units', () => {
    expect(() => unitsToDecimal('1.5', 2)).toThrow('"1.5" is not a whole number of base units')
    expect(() => unitsToDecimal('-1', 2)).toThrow('"-1" is not a whole number of base units')
    expect(() => unitsToDecimal('1', -1)).toThrow('a token has a whole number of decimals, not -1')
  })
})

describe('unitsToRoundedDecimal', () => {
  it.each([
    ['1234567891234', 9, 8, '1234.56789123'],
    ['1234567891235', 9, 8, '1234.56789124'],
    ['999999999999999999', 18, 8, '1'],
    ['4999999999', 18, 8, '0'],
    ['5000000000', 18, 8, '0.00000001'],
    ['123456789012345678901234567', 18, 8, '123456789.01234568'],
    ['115792089237316195423570985008687907853269984665640564039457584007913129639935', 18, 8, '115792089237316195423570985008687907853269984665640564039457.58400791'],
    ['5', 6, 8, '0.000005'],
    ['5', 0, 8, '5'],
  ])('%s base units with %i decimals in %i places is %s', (amount, decimals, places, expected) => {
    expect(unitsToRoundedDecimal(amount, decimals, places)).toBe(expected)
  })

  it('refuses what is not a whole number of base units', () => {
    expect(() => unitsToRoundedDecimal('1e3', 18, 8)).toThrow('"1e3" is not a whole number of base units')
  })
})

describe('earningKind', () => {
  it('knows a prototype key only as a network it does not list', () => {
    expect(earningKind('constructor')).toBe('reward')
    expect(earningKind('__proto__')).toBe('reward')
  })
})
