import { describe, expect, it } from 'vitest'
import type { EndpointKey } from '../../../src/shared/contract/wallets.ts'
import type { HistoryWindow } from '../../../src/main/core/holdings/history-source.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { helium } from '../../../src/main/core/networks/helium.ts'
import { fault } from '../../support/fault.ts'
import { servedPerTest, type ApiAnswer, type LoopbackApi } from '../../support/loopback-api.ts'
import { missingOwnerError, rewardsByOwner, rewardsNoHotspots } from '../../fixtures/chains/helium-oracle.ts'
import { fakeKey } from '../../fixtures/chains/solana-history.ts'

const owner = fakeKey('a Helium wallet')
const window: HistoryWindow = { fromMs: 1_735_689_600_000, toMs: 1_767_225_600_000 }

const { serve } = servedPerTest()

/** Only the oracle: the opening entry must not read the chain (asking for the Solana pool throws). */
function context(oracle: LoopbackApi): ReadContext {
  const pool = new EndpointPool([oracle.url])
  return {
    http: new ChainHttp({ timeoutMs: 1000, attempts: 1 }),
    signal: new AbortController().signal,
    pool(key: EndpointKey) {
      if (key !== 'helium-oracle') throw new Error(`the Helium opening asked for ${key}`)
      return pool
    },
  }
}

const oracle = (answer: ApiAnswer): Promise<LoopbackApi> => serve(() => answer)

describe('Helium’s history: the oracle’s lifetime figure as one opening entry', () => {
  it('books the lifetime HNT as one reward dated just before tracking, and is done in one page', async () => {
    const server = await oracle({ json: rewardsByOwner })
    const page = await helium.history!.page(context(server), owner, window, null)
    expect(page.inflows).toEqual([
      {
        id: 'opening:HNT',
        token: 'HNT',
        amount: 1_234_567_891n,
        decimals: 8,
        at: window.toMs - 1,
        classification: 'reward',
        rule: 'opening balance: lifetime rewards the Helium oracle reports from before tracking',
        // A total read now: the runner books only what live reads did not book of it since the baseline.
        opening: true,
      },
    ])
    expect(page).toMatchObject({ cursor: null, reachedMs: window.fromMs, requests: 1 })
    expect(page.outOfReach).toMatch(/lifetime total/)
    expect(server.requests[0]?.url.pathname).toBe('/rewards')
    expect(server.requests[0]?.url.searchParams.get('owner')).toBe(owner)
  })

  it('the same read twice gives the same id, so a restart books it once', async () => {
    const server = await oracle({ json: rewardsByOwner })
    const [a, b] = [await helium.history!.page(context(server), owner, window, null), await helium.history!.page(context(server), owner, window, null)]
    expect(a.inflows.map((i) => i.id)).toEqual(b.inflows.map((i) => i.id))
  })

  it('a wallet whose Hotspots never earned opens with nothing', async () => {
    const server = await oracle({ json: rewardsNoHotspots })
    const page = await helium.history!.page(context(server), owner, window, null)
    expect(page).toMatchObject({ inflows: [], cursor: null })
  })

  it('an oracle answer without the figures, or an error, is a fault to retry, not an empty past', async () => {
    const garbled = await oracle({ json: { lifetime: 'lots' } })
    expect((await fault(helium.history!.page(context(garbled), owner, window, null))).kind).toBe('malformed')
    const refusing = await oracle({ status: 400, json: missingOwnerError })
    expect((await fault(helium.history!.page(context(refusing), owner, window, null))).kind).toBe('http')
  })

  it('its reach says what it reads and that claims are not booked again', () => {
    expect(helium.history?.reach).toMatch(/lifetime/)
    expect(helium.history?.reach).toMatch(/not booked again/)
  })
})
