import { FetchFault } from '../../src/main/core/net/chain-http.ts'

/** The FetchFault a promise rejects with; anything else (a value, another error) fails the test. */
export async function fault(promise: Promise<unknown>): Promise<FetchFault> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof FetchFault)) throw new Error(`expected a FetchFault, got ${String(error)}`)
  return error
}
