import { methods, type MethodName, type MethodOutput, type MethodParams } from '../../../shared/contract/methods.ts'
import type { Envelope } from '../../../shared/contract/result.ts'
import { DeskError, toErrorInfo } from '../errors.ts'
import { validateInput } from './validate-input.ts'

/** Core's implementation of every contract method; inputs arrive already validated. */
export type MethodHandlers = {
  [M in MethodName]: (input: MethodParams<M>) => Promise<MethodOutput<M>> | MethodOutput<M>
}

export type Dispatch = (method: string, payload: unknown) => Promise<Envelope<unknown>>

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name)
}

/**
 * The one entry from any transport into core: checks the method exists, validates the
 * payload, runs the handler and turns every throw into an error envelope.
 */
export function createDispatcher(
  handlers: MethodHandlers,
  onUnexpected: (method: string, error: unknown) => void,
): Dispatch {
  return async (method, payload) => {
    try {
      if (!isMethodName(method)) throw new DeskError('not-found', `Unknown method "${method}".`)
      const input = validateInput(methods[method].input, payload ?? {})
      const handler = handlers[method] as (input: unknown) => unknown
      return { ok: true, value: await handler(input) }
    } catch (error) {
      if (!(error instanceof DeskError)) onUnexpected(method, error)
      return { ok: false, error: toErrorInfo(error) }
    }
  }
}
