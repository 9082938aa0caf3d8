import { describe, expect, it } from 'vitest'
import { methods } from '../../../src/shared/contract/methods.ts'
import type { RewardEntry } from '../../../src/shared/contract/wallets.ts'
import { koinlyHeader, koinlyTag } from '../../../src/main/core/wallets/csv-koinly.ts'
import { rewardsCsv, rewardsCsvFilename } from '../../../src/main/core/wallets/ledger-csv.ts'

/*
 * The Koinly file (the default). Header: Koinly's Universal template as
 * https://support.koinly.io/en/articles/9489976-how-to-create-a-custom-csv-file-with-your-data
 * lists it, "Tag" where older copies said "Label" (https://support.koinly.io/en/articles/9490023-what-are-tags:
 * "Tags used to be labels"), then DePIN Desk's own columns. Tags are from that page's income tags:
 * Mining, Reward, Income.
 */

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
  rule: null,
}

const labels = new Map([
  ['wallet-aaaaaaaa', 'Rig, "main"'],
  ['wallet-bbbbbbbb', '=HYPERLINK("http://x")'],
  ['wallet-cccccccc', 'Garage\nrig'],
])

const header =
  'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Tag,Description,TxHash,Network,Price,Source,Wallet,Address'

describe('rewardsCsv for Koinly', () => {
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
    const csv = [
      header,
      '2024-12-31 23:59:59 UTC,,,0.000005,AKT,,,0.0000125,EUR,income,"akash reward, recorded by hand, price at receipt",,akash,2.5,manual,"Garage\nrig",akash1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq',
      '2025-01-31 14:05:00 UTC,,,123456789.012345678901234567,GRASS,,,61728394.50617283,USD,reward,"grass reward, as the network reports it, price at receipt",,grass,0.5,native,"Rig, ""main""",GrassWa11etAddress1111111111111111111111111',
      '2025-02-02 03:04:05 UTC,,,1,FIL,,,,,mining,"filecoin reward, seen as a balance increase, price at receipt",,filecoin,,balance-delta,"\'=HYPERLINK(""http://x"")",f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za',
      '2025-02-02 03:04:05 UTC,,,0.000000001,GRASS,,,,,reward,"grass reward, as the network reports it, price at receipt",,grass,,native,,GrassWa11etAddress1111111111111111111111111',
      '',
    ].join('\r\n')
    expect(rewardsCsv(entries, labels)).toBe(csv)
    expect(rewardsCsv(entries, labels, 'koinly')).toBe(csv)
  })

  it('is the header alone, CRLF-terminated, for an empty ledger', () => {
    expect(rewardsCsv([], labels)).toBe(`${header}\r\n`)
    expect(koinlyHeader.join(',')).toBe(header)
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

  it('says a backfilled entry was valued at its day price, and leaves an inflow not yet marked out', () => {
    const backfilled = { ...base, amount: '2000000000', price: '0.5', fiat: '1', source: 'backfill' as const, pricing: 'daily' as const }
    const rows = rewardsCsv([backfilled, { ...backfilled, id: 2, classification: 'inflow' }], labels).split('\r\n')
    expect(rows[1]).toContain(`"grass reward, read from the chain's past, daily price"`)
    expect(rows).toHaveLength(3)
  })

  it.each([
    ['bittensor', 'mining'],
    ['filecoin', 'mining'],
    ['helium', 'mining'],
    ['akash', 'income'],
    ['render', 'income'],
    ['nosana', 'income'],
    ['grass', 'reward'],
    ['aethir', 'reward'],
    ['io-net', 'reward'],
    ['constructor', 'reward'],
  ])('tags a %s reward %j', (network, tag) => {
    expect(koinlyTag(network)).toBe(tag)
  })
})

describe('rewardsCsvFilename', () => {
  it('names the file by the UTC day and the tool', () => {
    expect(rewardsCsvFilename(Date.UTC(2025, 0, 31, 23, 59))).toBe('depin-desk-earnings-2025-01-31.csv')
    expect(rewardsCsvFilename(Date.UTC(2025, 0, 31, 23, 59), 'koinly')).toBe('depin-desk-earnings-2025-01-31.csv')
    expect(rewardsCsvFilename(Date.UTC(2025, 0, 31, 23, 59), 'cointracker')).toBe('depin-desk-earnings-cointracker-2025-01-31.csv')
  })
})

describe('rewards.exportCsv input', () => {
  const input = methods['rewards.exportCsv'].input

  it('is Koinly when no format is named, so a call without one keeps working', () => {
    expect(input.parse({})).toEqual({ fromMs: 0, format: 'koinly' })
    expect(input.parse({ format: 'cointracker' })).toEqual({ fromMs: 0, format: 'cointracker' })
  })

  it('refuses a tool it does not write for', () => {
    expect(input.safeParse({ format: 'cointracking' }).success).toBe(false)
    expect(input.safeParse({ format: 'Koinly' }).success).toBe(false)
  })
})
