import { describe, expect, it } from 'vitest'
import { formatFiat, formatPrice, formatTokenAmount, formatUnits, parseTokenAmount } from '../../../src/renderer/src/common/token-format.ts'
import { ageWords, priceBasis, priceProvenance, shortAddress, summaryProvenance, valueWords, walletFreshness, walletProvenance } from '../../../src/renderer/src/wallets/wallet-words.ts'
import { walletView } from './fake-client.ts'

const en = 'en-US'
const twoTo70 = (2n ** 70n).toString()

describe('token amounts from base units', () => {
  it.each([
    ['0', 18, '0'],
    ['1', 18, '0.000000000000000001'],
    [twoTo70, 18, '1,180.591620717411303424'],
    [twoTo70, 0, '1,180,591,620,717,411,303,424'],
    ['1500000', 6, '1.5'],
    ['1000000', 6, '1'],
    ['120000000000', 9, '120'],
    ['12345', 0, '12,345'],
    ['00042', 2, '0.42'],
  ])('formatUnits(%s, %d) = %s', (amount, decimals, text) => expect(formatUnits(amount, decimals, en)).toBe(text))

  it('uses the locale separators', () => {
    expect(formatUnits(twoTo70, 18, 'de-DE')).toBe('1.180,591620717411303424')
  })

  it.each([
    ['0', 18, '0'],
    ['1', 18, '< 0.000001'],
    [twoTo70, 18, '1,180.59162'],
    ['1999999', 6, '1.999999'],
    ['19999999', 7, '1.999999'],
    ['1000000000000000000', 18, '1'],
    ['12345', 0, '12,345'],
  ])('formatTokenAmount(%s, %d) cuts to six places: %s', (amount, decimals, text) => expect(formatTokenAmount(amount, decimals, { locale: en })).toBe(text))

  it('shows anything that is not base units as it came', () => {
    expect(formatUnits('1.5', 6, en)).toBe('1.5')
    expect(formatTokenAmount('-3', 6, { locale: en })).toBe('-3')
  })
})

describe('token amounts as typed, to base units', () => {
  it.each([
    ['1.5', 9, '1500000000'],
    ['0.000000001', 9, '1'],
    ['  2 ', 9, '2000000000'],
    ['.25', 6, '250000'],
    ['7.', 6, '7000000'],
    ['007.50', 2, '750'],
    ['0', 9, '0'],
    ['12345', 0, '12345'],
    // 2^70 wei: every digit survives, no float on the way.
    ['1180.591620717411303424', 18, twoTo70],
    ['123456789012345678901234567890.123456789012345678', 18, '123456789012345678901234567890123456789012345678'],
  ])('parseTokenAmount(%j, %d) = %s', (text, decimals, units) => expect(parseTokenAmount(text, decimals)).toEqual({ ok: true, units }))

  it.each([
    ['', 9, 'enter an amount, e.g. 1.5'],
    ['   ', 9, 'enter an amount, e.g. 1.5'],
    ['0.0000000001', 9, 'this token has 9 decimals: at most 9 digits after the point'],
    ['1.5', 0, 'this token has no fractions: whole numbers only'],
    ['-1', 9, 'an amount cannot be negative'],
    ['1,5', 9, 'use a point for decimals: 1.5, not 1,5'],
    ['1,234.5', 9, 'leave out thousands separators: 1234.5, not 1,234.5'],
    ['1e3', 9, 'write the amount out in full: 1000, not 1e3'],
    ['2.5E-3', 9, 'write the amount out in full: 1000, not 1e3'],
    ['.', 9, 'an amount is digits with at most one point, e.g. 1.5'],
    ['1.2.3', 9, 'an amount is digits with at most one point, e.g. 1.5'],
    ['+1', 9, 'an amount is digits with at most one point, e.g. 1.5'],
    ['1 000', 9, 'an amount is digits with at most one point, e.g. 1.5'],
    ['0x10', 9, 'an amount is digits with at most one point, e.g. 1.5'],
    ['Infinity', 9, 'an amount is digits with at most one point, e.g. 1.5'],
    ['9'.repeat(79), 0, 'that amount is larger than any token supply'],
  ])('parseTokenAmount(%j, %d) is refused: %s', (text, decimals, message) => expect(parseTokenAmount(text, decimals)).toEqual({ ok: false, message }))

  it('reads back what formatUnits writes', () => {
    expect(parseTokenAmount(formatUnits('1234567891234', 9, 'en-US').replace(/,/g, ''), 9)).toEqual({ ok: true, units: '1234567891234' })
  })
})

describe('fiat figures and prices', () => {
  it.each([
    ['1234.5678', 'usd', '$1,234.57'],
    ['12345678901234567890.125', 'usd', '$12,345,678,901,234,567,890.13'],
    ['0.004', 'eur', '€0.00'],
    ['1234.5', 'jpy', '¥1,235'],
  ] as const)('formatFiat(%s, %s) = %s', (value, currency, text) => expect(formatFiat(value, currency, en)).toBe(text))

  it.each([
    ['2.3456', '$2.35'],
    ['0.5', '$0.50'],
    ['0.012345', '$0.01235'],
    ['0.00000123', '$0.00000123'],
  ])('formatPrice(%s) = %s', (value, text) => expect(formatPrice(value, 'usd', en)).toBe(text))
})

describe('wallet words', () => {
  const now = 10 * 60_000

  it('shortens an address to its ends', () => {
    expect(shortAddress('vines1vzrYbzLMRdu58ou5XTby4qAqVRLmqo36NKPTg')).toBe('vines1…KPTg')
    expect(shortAddress('f01234')).toBe('f01234')
  })

  it('says how old a read is', () => {
    expect(ageWords(now - 2_000, now)).toBe('just now')
    expect(ageWords(now - 45_000, now)).toBe('45 s ago')
    expect(ageWords(now - 3 * 60_000, now)).toBe('3 min ago')
    expect(ageWords(now + 60_000, now)).toBe('just now')
  })

  it("keeps core's freshness, but calls a read older than three refreshes stale", () => {
    const view = walletView(undefined, { fetchedAt: 0 })
    expect(walletFreshness(view, 30 * 60_000, 10)).toBe('live')
    expect(walletFreshness(view, 30 * 60_000 + 1, 10)).toBe('stale')
    expect(walletFreshness({ ...view, freshness: 'pending', fetchedAt: null }, now, 10)).toBe('pending')
  })

  it('says where and when a balance was read, and why it is stale', () => {
    const view = walletView(undefined, { fetchedAt: now - 3 * 60_000 })
    expect(walletProvenance(view, 'live', now)).toBe('live · fetched 3 min ago · from api.mainnet-beta.solana.com')
    const failing = { ...view, freshness: 'stale' as const, error: 'api.mainnet-beta.solana.com answered 429 three times' }
    expect(walletProvenance(failing, 'stale', now)).toBe('stale · last read 3 min ago · from api.mainnet-beta.solana.com · api.mainnet-beta.solana.com answered 429 three times')
    expect(walletProvenance({ ...failing, fetchedAt: null, source: [] }, 'stale', now)).toBe(
      'stale · never read · api.mainnet-beta.solana.com answered 429 three times',
    )
    expect(walletProvenance(view, 'pending', now)).toBe('pending · first read on its way')
  })

  it('says how fresh a sum over several wallets is', () => {
    const summary = { fiat: '1', partial: false, freshness: 'live' as const, fetchedAt: now - 3 * 60_000, sources: [] }
    expect(summaryProvenance(summary, now)).toBe('live · oldest read 3 min ago')
    expect(summaryProvenance({ ...summary, sources: ['api.mainnet-beta.solana.com', 'akash-rest.publicnode.com'] }, now)).toBe(
      'live · oldest read 3 min ago · from api.mainnet-beta.solana.com, akash-rest.publicnode.com',
    )
    expect(summaryProvenance({ ...summary, freshness: 'pending' }, now)).toBe('some not read yet · oldest read 3 min ago')
    expect(summaryProvenance({ ...summary, freshness: 'pending', fetchedAt: null }, now)).toBe('pending · first reads on their way')
    expect(summaryProvenance({ ...summary, freshness: 'stale', fetchedAt: null }, now)).toBe('stale · never read')
  })

  it('says where a price came from and how fresh it is', () => {
    const quote = { token: 'GRASS', currency: 'usd' as const, price: '2', source: 'coingecko', at: now - 120_000, freshness: 'live' as const, warning: null, change24hPct: null }
    expect(priceProvenance(quote, now)).toBe('live · 2 min ago')
    expect(priceProvenance({ ...quote, freshness: 'manual', source: 'manual' }, now)).toBe('manual · set 2 min ago')
    expect(priceProvenance({ ...quote, freshness: 'cached' }, now)).toMatch(/^cached · since \d/)
    const hnt = { ...quote, token: 'HNT', source: 'manual', freshness: 'manual' as const }
    expect(priceBasis(['GRASS', 'HNT'], [quote, hnt])).toBe('CoinGecko live, your price')
    expect(priceBasis(['AKT'], [quote])).toBeNull()
  })

  it('writes a missing value as a dash before the first read, and as "no price" after', () => {
    expect(valueWords(null, 'pending', 'usd')).toBe('—')
    expect(valueWords(null, 'live', 'usd')).toBe('no price')
  })
})
