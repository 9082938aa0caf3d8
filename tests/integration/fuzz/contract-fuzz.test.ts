import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import fc from 'fast-check'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { methods, type MethodName } from '../../../src/shared/contract/methods.ts'
import { deskErrorCodes, type Envelope } from '../../../src/shared/contract/result.ts'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { createMemorySecretStore } from '../../../src/main/core/store/memory-secret-store.ts'
import type { SecretStore } from '../../../src/main/core/store/secret-store.ts'
import { arbitraryFor, mutated } from '../../support/schema-arbitrary.ts'

/*
 * The contract fuzzed as a hostile client would call it: every method, with inputs drawn from
 * the JSON Schema of its input (as GET /api publishes it) and the same with one hostile change
 * (deep nesting, huge strings, prototype keys, odd unicode, extreme numbers, wrong types). Every
 * answer must be a documented envelope and never `internal`; a refused call changes no state;
 * the heap after GC stays within 10 MiB. The seed is printed: FUZZ_SEED=<seed> replays a run.
 */

const cases = 10_000
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)

setFlagsFromString('--expose_gc')
const gc = runInNewContext('gc') as () => void
const heapAfterGc = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

const names = Object.keys(methods) as MethodName[]
const closed = 'http://127.0.0.1:9'

/** Valid inputs that would reach out of the machine are pointed at a closed loopback port instead. */
const tame: Partial<Record<MethodName, (input: Record<string, unknown>) => Record<string, unknown>>> = {
  'power.testPlug': (input) => ({ ...input, address: '127.0.0.1:9' }),
  'power.addPlug': (input) => ({ ...input, address: '127.0.0.1:9' }),
  'endpoints.set': (input) => ({ ...input, url: `${closed}/` }),
  'fleet.add': (input) => ({ ...input, url: closed }),
  'alerts.testChannel': (input) => ('target' in input ? { target: { kind: 'webhook', url: `${closed}/hook` } } : input),
}

const call = fc.constantFrom(...names).chain((method) => {
  const schema = z.toJSONSchema(methods[method].input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  const valid = arbitraryFor(schema).map((input) => {
    const adjust = tame[method]
    return adjust && typeof input === 'object' && input !== null && !Array.isArray(input) ? adjust(input as Record<string, unknown>) : input
  })
  return fc.record({ method: fc.constant(method), input: fc.oneof(valid, mutated(valid)) })
})

let core: DeskCore
let secrets: SecretStore
beforeAll(async () => {
  secrets = createMemorySecretStore()
  core = createDeskCore({ version: 'fuzz', shell: 'agent', log: silentLogger, secrets, publicEndpoints: false, priceFeeds: { coingecko: closed, coinpaprika: closed } })
  await core.start()
})
afterAll(async () => {
  await core.stop()
})

/** What a refused call must leave as it was: settings, the secret store's names, the ledger. */
async function state(): Promise<string> {
  const settings = await core.dispatch('settings.get', {})
  const rewards = await core.dispatch('rewards.list', { limit: 5000 })
  return JSON.stringify({ settings, secrets: (await secrets.names()).sort(), rewards })
}

function documented(answer: Envelope<unknown>): boolean {
  if (answer.ok) return true
  return deskErrorCodes.includes(answer.error.code) && typeof answer.error.message === 'string' && typeof answer.error.retryable === 'boolean'
}

describe('the contract under fuzzing', () => {
  it(`answers ${cases} hostile and valid calls with documented envelopes, never internal; a refused call changes nothing; the heap stays flat`, async () => {
    console.log(`contract fuzz seed: ${seed} (replay with FUZZ_SEED=${seed})`)
    const warmUp = Math.floor(cases / 10)
    let done = 0
    let baseline = 0
    const internals: string[] = []
    await fc.assert(
      fc.asyncProperty(call, async ({ method, input }) => {
        if (done === warmUp) baseline = heapAfterGc()
        done += 1
        const before = await state()
        const answer = await core.dispatch(method, input)
        expect(documented(answer), `${method}: ${JSON.stringify(answer).slice(0, 300)}`).toBe(true)
        if (!answer.ok) {
          if (answer.error.code === 'internal') internals.push(method)
          expect(answer.error.code, `${method} answered internal`).not.toBe('internal')
          expect(await state(), `${method} was refused (${answer.error.message}) but changed state`).toBe(before)
        }
      }),
      { numRuns: cases, seed, endOnFailure: true },
    )
    const growth = heapAfterGc() - baseline
    console.log(`contract fuzz: ${cases} calls, heap after GC grew ${(growth / 2 ** 20).toFixed(2)} MiB after ${warmUp} warm-up calls`)
    expect(internals).toEqual([])
    expect(growth).toBeLessThan(10 * 2 ** 20)
  }, 300_000)
})
