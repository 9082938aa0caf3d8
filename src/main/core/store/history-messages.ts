import type { HistoryBucket, HistoryPoint, HistoryQuery, RollupResult } from './history-store.ts'

/** What the worker can be asked, with what each answers. */
export type HistoryOps = {
  flush: { args: { points: HistoryPoint[] }; result: number }
  query: { args: HistoryQuery; result: HistoryBucket[] }
  rollup: { args: { nowSeconds: number }; result: RollupResult }
  prune: { args: { nowSeconds: number }; result: number }
  close: { args: Record<string, never>; result: undefined }
}

export type HistoryOp = keyof HistoryOps

export type HistoryRequest = { [K in HistoryOp]: { id: number; op: K; args: HistoryOps[K]['args'] } }[HistoryOp]

/** Errors cross as plain data: a structured clone drops custom error classes. */
export type HistoryReply =
  | { kind: 'ready' }
  | { kind: 'reply'; id: number; ok: true; value: HistoryOps[HistoryOp]['result'] }
  | { kind: 'reply'; id: number; ok: false; error: { name: string; message: string } }

export type HistoryWorkerData = { path: string }
