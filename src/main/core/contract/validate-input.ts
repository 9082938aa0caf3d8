import type { z } from 'zod'
import { DeskError } from '../errors.ts'

/** Parse `payload` with `schema`, or throw an `invalid-input` error naming the first bad field. */
export function validateInput<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  if (!issue) throw new DeskError('invalid-input', 'Invalid input.')
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined
  const path = [...issue.path, ...(unknownKey === undefined ? [] : [unknownKey])].map(String)
  const field = path.join('.')
  const message =
    unknownKey !== undefined
      ? `${field}: unknown field`
      : field === ''
        ? `input: ${issue.message}`
        : `${field}: ${issue.message}`
  throw new DeskError('invalid-input', message, field === '' ? {} : { field })
}
