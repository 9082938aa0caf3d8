/**
 * What every contract call answers, on both transports. Core throws; the transport turns
 * the throw into this shape, so the renderer never sees a raw rejection.
 */
export const deskErrorCodes = [
  'invalid-input',
  'not-found',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'upstream',
  'internal',
] as const

export type DeskErrorCode = (typeof deskErrorCodes)[number]

export type DeskErrorInfo = {
  code: DeskErrorCode
  message: string
  /** Dotted path of the offending input field, for `invalid-input`. */
  field?: string
  /** True when the same call may succeed later without the caller changing anything. */
  retryable: boolean
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: DeskErrorInfo }

/** HTTP status the agent answers for each error code. */
export const httpStatusOf: Record<DeskErrorCode, number> = {
  'invalid-input': 400,
  'not-found': 404,
  unauthorized: 401,
  forbidden: 403,
  'rate-limited': 429,
  upstream: 502,
  internal: 500,
}
