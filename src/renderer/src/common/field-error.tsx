import type { ReactNode } from 'react'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'

/** Core's message for exactly this field, or null; shown beside the field, it need not name it again. */
export function errorFor(error: DeskErrorInfo | null, field: string): string | null {
  if (error?.field !== field) return null
  return error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message
}

export function FieldError({ text }: { text: string | null }): ReactNode {
  if (text === null) return null
  return (
    <span className="field-error" role="alert">
      {text}
    </span>
  )
}
