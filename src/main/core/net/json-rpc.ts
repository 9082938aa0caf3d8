import { isRecord } from '../is-record.ts'
import { type ChainHttp, FetchFault, hostOf, type RequestOptions } from './chain-http.ts'

/*
 * JSON-RPC 2.0 over HTTP POST (Solana, EVM, Substrate, Lotus all speak it): a single call and a
 * batch. An `error` member becomes a FetchFault of kind 'rpc' with the node's code and message;
 * a body that is not a JSON-RPC response becomes 'malformed'.
 */

export type RpcCall = { method: string; params: unknown }
export type RpcOutcome = { ok: true; result: unknown } | { ok: false; code: number | null; message: string }

let nextId = 1

export async function jsonRpc(http: ChainHttp, url: string, method: string, params: unknown, options?: RequestOptions): Promise<unknown> {
  const id = nextId++
  const body = await http.postJson(url, { jsonrpc: '2.0', id, method, params }, { ...options, rpcMethods: [method] })
  const outcome = readOutcome(body, hostOf(url), method)
  if (!outcome.ok) throw rpcFault(hostOf(url), method, outcome)
  return outcome.result
}

/** Several calls in one request; outcomes come back in the order of `calls`, matched by id. */
export async function jsonRpcBatch(http: ChainHttp, url: string, calls: readonly RpcCall[], options?: RequestOptions): Promise<RpcOutcome[]> {
  if (calls.length === 0) return []
  const host = hostOf(url)
  const ids = calls.map(() => nextId++)
  const body = await http.postJson(
    url,
    calls.map((call, i) => ({ jsonrpc: '2.0', id: ids[i], method: call.method, params: call.params })),
    { ...options, rpcMethods: calls.map((call) => call.method) },
  )
  // A node that refuses batches answers one error object instead of an array.
  if (!Array.isArray(body)) {
    const single = readOutcome(body, host, 'batch')
    if (!single.ok) throw rpcFault(host, 'batch', single)
    throw new FetchFault('malformed', host, `${host} answered a batch with something that is not a list`)
  }
  const byId = new Map<unknown, unknown>(body.map((item: unknown) => [isRecord(item) ? item.id : undefined, item]))
  return calls.map((call, i) => {
    const item = byId.get(ids[i])
    if (item === undefined) return { ok: false, code: null, message: `${host} left ${call.method} out of its batch answer` }
    return readOutcome(item, host, call.method)
  })
}

/** Throws the outcome's fault, or answers its result. */
export function resultOf(outcome: RpcOutcome | undefined, host: string, method: string): unknown {
  if (outcome === undefined) throw new FetchFault('malformed', host, `${host} gave no answer to ${method}`)
  if (!outcome.ok) throw rpcFault(host, method, outcome)
  return outcome.result
}

function readOutcome(body: unknown, host: string, method: string): RpcOutcome {
  if (!isRecord(body) || body.jsonrpc !== '2.0') throw new FetchFault('malformed', host, `${host} answered ${method} with something that is not JSON-RPC`)
  if ('error' in body && body.error !== undefined && body.error !== null) {
    const error = isRecord(body.error) ? body.error : {}
    const code = typeof error.code === 'number' ? error.code : null
    const message = typeof error.message === 'string' ? error.message.replace(/[\p{Cc}\p{Cf}]/gu, ' ').slice(0, 200) : 'no message'
    return { ok: false, code, message }
  }
  if (!('result' in body)) throw new FetchFault('malformed', host, `${host} answered ${method} with neither a result nor an error`)
  return { ok: true, result: body.result }
}

function rpcFault(host: string, method: string, outcome: { code: number | null; message: string }): FetchFault {
  // -32005 (limit exceeded) and -32429 are how some nodes say 429 inside a 200.
  const limited = outcome.code === -32005 || outcome.code === -32429
  const code = outcome.code === null ? '' : ` ${outcome.code}`
  return new FetchFault(limited ? 'rate-limited' : 'rpc', host, `${host} refused ${method} (error${code}: ${outcome.message})`)
}

