import { describe, expect, it } from 'vitest'
import type { RewardEntry } from '../../../src/shared/contract/wallets.ts'
import { rewardsCsv, rewardsCsvFilename, rewardsCsvHeader, unitsToDecimal } from '../../../src/main/core/wallets/ledger-csv.ts'

const base: RewardEntry = {
  id: 1,
  network: 'grass',
  walletId: 'wallet-aaaaaaaa',
  address: 'GrassWa11etAddress1111111111111111111111111',
  token: 'GRASS',
  amount: '0',
  decimals: 9,
  at: Date.UTC(2025, 0, 31, 14, 5, 0),
  price: null,
  fiat: null,
  currency: 'usd',
  source: 'native',
  classification: 'reward',
}

const labels = new Map([
  ['wallet-aaaaaaaa', 'Rig, "main"'],
  ['wallet-bbbbbbbb', '=HYPERLINK("http://x")'],
  ['wallet-cccccccc', 'Garage\nrig'],
])

const header =
  'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash,Network,Price,Source,Wallet,Address'

describe('rewardsCsv', () => {
  it('writes Koinly universal rows, oldest first, transfers left out, every cell quoted or defused as needed', () => {
    const entries: RewardEntry[] = [
      // Booked last but received first: the file is in time order.
      {
        ...base,
        id: 9,
        network: 'akash',
        walletId: 'wallet-cccccccc',
        address: 'akash1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq',
        token: 'AKT',
        amount: '5',
        decimals: 6,
        at: Date.UTC(2024, 11, 31, 23, 59, 59),
        price: '2.5',
        fiat: '0.0000125',
        currency: 'eur',
        source: 'manual',
      },
      {
        ...base,
        id: 2,
        // Beyond 2^64 with 18 decimals: only string arithmetic keeps every digit.
        amount: '123456789012345678901234567',
        decimals: 18,
        price: '0.5',
        fiat: '61728394.50617283',
      },
      { ...base, id: 3, amount: '7000000000', at: Date.UTC(2025, 1, 1), classification: 'transfer' },
      {
        ...base,
        id: 4,
        network: 'filecoin',
        walletId: 'wallet-bbbbbbbb',
        address: 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za',
        token: 'FIL',
        amount: '1000000000000000000',
        decimals: 18,
        at: Date.UTC(2025, 1, 2, 3, 4, 5),
        source: 'balance-delta',
      },
      { ...base, id: 5, walletId: 'wallet-unknown0', amount: '1', at: Date.UTC(2025, 1, 2, 3, 4, 5) },
    ]
    expect(rewardsCsv(entries, labels)).toBe(
      [
        header,
        '2024-12-31 23:59:59 UTC,,,0.000005,AKT,,,0.0000125,EUR,reward,"akash reward, recorded by hand",,akash,2.5,manual,"Garage\nrig",akash1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq',
        '2025-01-31 14:05:00 UTC,,,123456789.012345678901234567,GRASS,,,61728394.50617283,USD,reward,"grass reward, as the network reports it",,grass,0.5,native,"Rig, ""main""",GrassWa11etAddress1111111111111111111111111',
        '2025-02-02 03:04:05 UTC,,,1,FIL,,,,,reward,"filecoin reward, seen as a balance increase",,filecoin,,balance-delta,"\'=HYPERLINK(""http://x"")",f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za',
        '2025-02-02 03:04:05 UTC,,,0.000000001,GRASS,,,,,reward,"grass reward, as the network reports it",,grass,,native,,GrassWa11etAddress1111111111111111111111111',
        '',
      ].join('\r\n'),
    )
  })

  it('is the header alone, CRLF-terminated, for an empty ledger', () => {
    expect(rewardsCsv([], labels)).toBe(`${header}\r\n`)
    expect(rewardsCsvHeader.join(',')).toBe(header)
  })

  it.each([
    ['+cmd', "'+cmd"],
    ['-2 rig', "'-2 rig"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['\rCR', `"'\rCR"`],
    ['plain rig', 'plain rig'],
    ["'quoted already", "'quoted already"],
  ])('writes the wallet label %j as the cell %j', (label, expected) => {
    const csv = rewardsCsv([{ ...base, amount: '1' }], new Map([[base.walletId, label]]))
    const record = csv.split('\r\n')[1] ?? ''
    expect(record.endsWith(`,native,${expected},${base.address}`)).toBe(true)
  })
})

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

describe('rewardsCsvFilename', () => {
  it('names the file by the UTC day', () => {
    expect(rewardsCsvFilename(Date.UTC(2025, 0, 31, 23, 59))).toBe('depin-desk-earnings-2025-01-31.csv')
  })
})
