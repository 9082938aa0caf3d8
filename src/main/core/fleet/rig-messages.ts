import { z } from 'zod'
import { events, type EventName, type EventPayload } from '../../../shared/contract/events.ts'
import { methods, type MethodName, type MethodOutput } from '../../../shared/contract/methods.ts'

/*
 * What a remote agent sends over /ws, read as hostile input: any frame may be garbage, a wrong
 * shape or a figure out of the contract. Each is checked against the same zod schemas the agent
 * itself answers with, and a misfit becomes a sentence for the Fleet view, never a throw.
 */

const ErrorInfo = z.object({ code: z.string(), message: z.string() })
const Answer = z.object({
  id: z.union([z.number(), z.string(), z.null()]),
  result: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: ErrorInfo })]),
})
const Push = z.object({ event: z.string(), payload: z.unknown() })

/** An answer to call `id` (`value`, or the remote's refusal in `error`), an event, or why the frame is neither. */
export type RigFrame =
  | { kind: 'answer'; id: number | string | null; ok: true; value: unknown }
  | { kind: 'answer'; id: number | string | null; ok: false; error: { code: string; message: string } }
  | { kind: 'event'; event: string; payload: unknown }
  | { kind: 'garbage'; problem: string }

export function parseRigFrame(data: unknown): RigFrame {
  if (typeof data !== 'string') return { kind: 'garbage', problem: 'sent a binary frame, which desk.v1 never does' }
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return { kind: 'garbage', problem: 'sent a frame that is not JSON' }
  }
  const answer = Answer.safeParse(value)
  if (answer.success) {
    const { id, result } = answer.data
    return result.ok ? { kind: 'answer', id, ok: true, value: result.value } : { kind: 'answer', id, ok: false, error: result.error }
  }
  const push = Push.safeParse(value)
  if (push.success) return { kind: 'event', event: push.data.event, payload: push.data.payload }
  return { kind: 'garbage', problem: 'sent a frame that is neither an answer nor an event' }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string }

/** A method's answer checked against the contract's output schema. */
export function checkAnswer<M extends MethodName>(method: M, value: unknown): Checked<MethodOutput<M>> {
  const parsed = methods[method].output.safeParse(value)
  return parsed.success ? { ok: true, value: parsed.data as MethodOutput<M> } : { ok: false, problem: `answered ${method} with a shape the contract does not allow (${firstIssue(parsed.error)})` }
}

/** An event's payload checked against the contract's schema for it. */
export function checkEvent<E extends EventName>(event: E, payload: unknown): Checked<EventPayload<E>> {
  const parsed = events[event].safeParse(payload)
  return parsed.success ? { ok: true, value: parsed.data as EventPayload<E> } : { ok: false, problem: `sent ${event} with a shape the contract does not allow (${firstIssue(parsed.error)})` }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'invalid'
  const path = issue.path.map(String).join('.')
  return `${path === '' ? '' : `${path}: `}${issue.message}`.slice(0, 200)
}
