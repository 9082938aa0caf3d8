import { isRecord } from '../is-record.ts'
import { type ChainHttp, FetchFault, hostOf, type RequestOptions } from './chain-http.ts'

/*
 * JSON-RPC 2.0 over HTTP POST (Solana, EVM, Substrate, Lotus all speak it): a single call and a
 * batch (rpc-coalescer.ts gathers many callers' calls into batches). An `error` member becomes a
 * FetchFault of kind 'rpc' with the node's code and message; a body that is not a JSON-RPC
 * response becomes 'malformed'.
 */

export type RpcCall = { method: string; params: unknown }
export type RpcOutcome = { ok: true; result: unknown } | { ok: false; code: number | null; message: string }
/** A call's outcome, or the fault of its own answer (one that is not JSON-RPC). */
export type RpcAnswer = RpcOutcome | FetchFault

/** What sending needs of ChainHttp, so a test can stand in for it. */
export type RpcTransport = Pick<ChainHttp, 'postJson'>

let nextId = 1

export async function jsonRpc(http: RpcTransport, url: string, method: string, params: unknown, options?: RequestOptions): Promise<unknown> {
  const [answer] = await sendRpc(http, url, [{ method, params }], { ...options, batch: false })
  return resultOf(answer === undefined ? undefined : throwFault(answer), hostOf(url), method)
}

/** Several calls in one request; outcomes come back in the order of `calls`, matched by id. */
export async function jsonRpcBatch(http: RpcTransport, url: string, calls: readonly RpcCall[], options?: RequestOptions): Promise<RpcOutcome[]> {
  return (await sendRpc(http, url, calls, { ...options, batch: true })).map(throwFault)
}

/**
 * `calls` in one request: a JSON-RPC batch, or the plain call when there is one and `batch` is
 * false. Answers, in the order of `calls` and matched by id, each call's outcome or the fault of
 * its own answer; a fault of the whole request (HTTP, a body that is not JSON, a batch refused)
 * throws.
 */
export async function sendRpc(http: RpcTransport, url: string, calls: readonly RpcCall[], options: RequestOptions & { batch: boolean }): Promise<RpcAnswer[]> {
  const { batch, ...request } = options
  const [only] = calls
  if (calls.length === 0 || only === undefined) return []
  const host = hostOf(url)
  const rpcMethods = calls.map((call) => call.method)
  if (!batch && calls.length === 1) {
    const body = await http.postJson(url, { jsonrpc: '2.0', id: nextId++, method: only.method, params: only.params }, { ...request, rpcMethods })
    return [answerOf(body, host, only.method)]
  }
  const ids = calls.map(() => nextId++)
  const body = await http.postJson(
    url,
    calls.map((call, i) => ({ jsonrpc: '2.0', id: ids[i], method: call.method, params: call.params })),
    { ...request, rpcMethods },
  )
  // A node that refuses batches answers one error object instead of an array.
  if (!Array.isArray(body)) {
    const single = throwFault(answerOf(body, host, 'batch'))
    if (!single.ok) throw rpcFault(host, 'batch', single)
    throw new FetchFault('malformed', host, `${host} answered a batch with something that is not a list`)
  }
  const byId = new Map<unknown, unknown>(body.map((item: unknown) => [isRecord(item) ? item.id : undefined, item]))
  return calls.map((call, i): RpcAnswer => {
    const item = byId.get(ids[i])
    if (item === undefined) return { ok: false, code: null, message: `${host} left ${call.method} out of its batch answer` }
    return answerOf(item, host, call.method)
  })
}

/** Throws the outcome's fault, or answers its result. */
export function resultOf(outcome: RpcOutcome | undefined, host: string, method: string): unknown {
  if (outcome === undefined) throw new FetchFault('malformed', host, `${host} gave no answer to ${method}`)
  if (!outcome.ok) throw rpcFault(host, method, outcome)
  return outcome.result
}

function answerOf(body: unknown, host: string, method: string): RpcAnswer {
  if (!isRecord(body) || body.jsonrpc !== '2.0') return new FetchFault('malformed', host, `${host} answered ${method} with something that is not JSON-RPC`)
  if ('error' in body && body.error !== undefined && body.error !== null) {
    const error = isRecord(body.error) ? body.error : {}
    const code = typeof error.code === 'number' ? error.code : null
    const message = typeof error.message === 'string' ? error.message.replace(/[\p{Cc}\p{Cf}]/gu, ' ').slice(0, 200) : 'no message'
    return { ok: false, code, message }
  }
  if (!('result' in body)) return new FetchFault('malformed', host, `${host} answered ${method} with neither a result nor an error`)
  return { ok: true, result: body.result }
}

function throwFault(answer: RpcAnswer): RpcOutcome {
  if (answer instanceof FetchFault) throw answer
  return answer
}

function rpcFault(host: string, method: string, outcome: { code: number | null; message: string }): FetchFault {
  // -32005 (limit exceeded) and -32429 are how some nodes say 429 inside a 200.
  const limited = outcome.code === -32005 || outcome.code === -32429
  const code = outcome.code === null ? '' : ` ${outcome.code}`
  return new FetchFault(limited ? 'rate-limited' : 'rpc', host, `${host} refused ${method} (error${code}: ${outcome.message})`)
}

