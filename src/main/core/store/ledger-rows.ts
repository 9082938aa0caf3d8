import type { SQLOutputValue } from 'node:sqlite'
import type { z } from 'zod'
import { RewardEntry } from '../../../shared/contract/wallets.ts'

/* Rows of the ledger file as core reads and checks them: shared by the ledger and its backfill part. */

export type Row = Record<string, SQLOutputValue>

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ')
}

/** The value the schema makes of it, or a RangeError naming what was not saved and why. */
export function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value)
  if (!result.success) throw new RangeError(`${what} was not saved: ${describeIssues(result.error)}`)
  return result.data
}

/** A row of `rewards` as the contract's entry; null when it does not read back (counted by the caller). */
export function rewardFromRow(row: Row): RewardEntry | null {
  const result = RewardEntry.safeParse({
    id: row.id,
    network: row.network,
    walletId: row.wallet_id,
    address: row.address,
    token: row.token,
    amount: row.amount,
    decimals: row.decimals,
    at: row.at,
    price: row.price,
    fiat: row.fiat,
    currency: row.currency,
    source: row.source,
    classification: row.classification,
    rule: row.rule ?? null,
    ...(row.pricing === 'daily' ? { pricing: 'daily' } : {}),
  })
  return result.success ? result.data : null
}
