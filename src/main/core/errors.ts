import type { DeskErrorCode, DeskErrorInfo } from '../../shared/contract/result.ts'

/** An error core throws on purpose; the transport answers it with its code. */
export class DeskError extends Error {
  override readonly name = 'DeskError'
  readonly code: DeskErrorCode
  readonly field: string | undefined
  readonly retryable: boolean

  constructor(code: DeskErrorCode, message: string, options: { field?: string; retryable?: boolean } = {}) {
    super(message)
    this.code = code
    this.field = options.field
    this.retryable = options.retryable ?? false
  }
}

export function toErrorInfo(error: unknown): DeskErrorInfo {
  if (error instanceof DeskError) {
    const info: DeskErrorInfo = { code: error.code, message: error.message, retryable: error.retryable }
    if (error.field !== undefined) info.field = error.field
    return info
  }
  // Unexpected throws keep their detail in the log, not on the wire.
  return { code: 'internal', message: 'Internal error; see the log for details.', retryable: false }
}
