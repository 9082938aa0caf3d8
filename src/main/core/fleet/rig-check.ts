import { z } from 'zod'
import { AppInfo } from '../../../shared/contract/app.ts'
import { DeskError } from '../errors.ts'
import { exchange, type ExchangeAnswer } from '../net/http-exchange.ts'
import { checkAnswer, parseRigFrame } from './rig-messages.ts'
import { errorWords, openRigSocket, refusalWords } from './rig-socket.ts'

/*
 * What fleet.add checks before it saves anything: the address is an http(s) one with no
 * credentials in it, it answers /healthz as a DePIN Desk agent does, and the agent accepts the
 * token for a real contract call (app.info over /ws). Each failure says which it was.
 */

export type RigAddress = { url: string; tokenFromUrl: string | undefined }

/** The agent's base URL from what the operator pasted; an address the agent printed may carry `#token=`. */
export function parseRigAddress(text: string): RigAddress {
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`)
  } catch {
    throw new DeskError('invalid-input', 'url: not an address; use one like http://rig-01.lan:7420', { field: 'url' })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DeskError('invalid-input', 'url: an agent is reached over http:// or https:// only', { field: 'url' })
  if (url.username !== '' || url.password !== '') throw new DeskError('invalid-input', 'url: leave the user name and password out of the address; the token goes in its own field', { field: 'url' })
  const tokenFromUrl = /(?:^|&)token=([^&]+)/.exec(url.hash.slice(1))?.[1]
  const path = url.pathname.replace(/\/+$/, '')
  return { url: `${url.origin}${path}`, tokenFromUrl: tokenFromUrl === undefined ? undefined : decodeURIComponent(tokenFromUrl) }
}

const Health = z.object({ status: z.literal('ok'), version: z.string() })

/** GET /healthz: reachable, and a DePIN Desk agent. */
export async function checkHealth(base: string, timeoutMs: number): Promise<void> {
  let answer: ExchangeAnswer
  try {
    answer = await exchange(`${base}/healthz`, { signal: AbortSignal.timeout(timeoutMs), maxBodyBytes: 64 * 1024 })
  } catch (error) {
    throw new DeskError('upstream', `url: could not reach ${base}: ${causeWords(error)}`, { field: 'url', retryable: true })
  }
  if (answer.status !== 200 || !Health.safeParse(jsonOf(answer.text)).success) {
    throw new DeskError('invalid-input', `url: ${base} is not a DePIN Desk agent (its /healthz answered HTTP ${String(answer.status)} without the agent's health report)`, { field: 'url' })
  }
}

function jsonOf(text: string | null): unknown {
  try {
    return text === null ? undefined : (JSON.parse(text) as unknown)
  } catch {
    return undefined
  }
}

/** Opens /ws with the token and calls app.info: answers the remote's version, or throws why not. */
export function authenticate(base: string, token: string | undefined, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = openRigSocket(base, token, timeoutMs)
    const fail = (error: DeskError): void => {
      clearTimeout(timer)
      ws.terminate()
      reject(error)
    }
    const timer = setTimeout(() => fail(new DeskError('upstream', `url: ${base} did not answer app.info within ${String(Math.round(timeoutMs / 1000))} s`, { field: 'url', retryable: true })), timeoutMs)
    ws.on('unexpected-response', (request, response) => {
      request.destroy()
      const status = response.statusCode ?? 0
      if (status === 401 || status === 403) fail(new DeskError('unauthorized', `token: ${refusalWords(status, token !== undefined)}`, { field: 'token' }))
      else fail(new DeskError('invalid-input', `url: ${base} is not a DePIN Desk agent (its /ws answered HTTP ${String(status)})`, { field: 'url' }))
    })
    ws.on('error', (error) => fail(new DeskError('upstream', `url: could not open ${base}/ws: ${errorWords(error)}`, { field: 'url', retryable: true })))
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'app.info', input: {} })))
    ws.on('message', (data: Buffer, isBinary) => {
      const frame = parseRigFrame(isBinary ? undefined : data.toString('utf8'))
      if (frame.kind !== 'answer' || frame.id !== 1) return
      const info = frame.ok ? checkAnswer('app.info', frame.value) : { ok: false as const, problem: frame.error.message }
      if (!info.ok || !AppInfo.safeParse(info.value).success) return fail(new DeskError('invalid-input', `url: ${base} is not a DePIN Desk agent (app.info: ${info.ok ? 'wrong shape' : info.problem})`, { field: 'url' }))
      clearTimeout(timer)
      ws.close(1000, 'checked')
      resolve(info.value.version)
    })
  })
}

function causeWords(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time'
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : errorWords(error)
}
