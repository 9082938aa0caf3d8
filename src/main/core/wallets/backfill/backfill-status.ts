import type { BackfillStatus } from '../../../../shared/contract/backfill.ts'
import type { WalletSetting } from '../../../../shared/contract/wallets.ts'
import type { BackfillJob } from '../../store/backfill-ledger.ts'

/* A wallet's backfill in the words and figures the UI shows: pure, from its saved job. */

const dayMs = 86_400_000

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

function remaining(job: BackfillJob, daysLeft: number): string {
  const left = `${String(daysLeft)} day${daysLeft === 1 ? '' : 's'} left (back to ${day(job.fromMs)})`
  switch (job.state) {
    case 'done':
      return job.outOfReach ?? `every day back to ${day(job.fromMs)} read`
    case 'paused':
      return `paused at ${day(job.reachedMs)}; ${left}`
    case 'failed':
      return `stopped at ${day(job.reachedMs)}; ${left}`
    case 'queued':
      return `waiting its turn; ${left}`
    default:
      return left
  }
}

export function statusOf(wallet: WalletSetting, job: BackfillJob | null, reach: string | null, window: { fromMs: number; toMs: number }, now: number): BackfillStatus {
  const base = { walletId: wallet.id, network: wallet.network, requests: 0, rewards: 0, inflows: 0, problem: null, updatedAt: now }
  if (reach === null) {
    return { ...base, state: 'unsupported', depthDays: 0, ...window, reachedMs: window.toMs, daysDone: 0, daysTotal: 0, reach: 'no public history source is known for this network', remaining: 'nothing to read' }
  }
  const daysOf = (fromMs: number, toMs: number): number => Math.max(0, Math.ceil((toMs - fromMs) / dayMs))
  if (job === null) {
    const total = daysOf(window.fromMs, window.toMs)
    return { ...base, state: 'idle', depthDays: total, ...window, reachedMs: window.toMs, daysDone: 0, daysTotal: total, reach, remaining: `not started: ${String(total)} days before ${day(window.toMs)} can be read` }
  }
  const daysTotal = daysOf(job.fromMs, job.toMs)
  const daysDone = job.state === 'done' ? daysTotal : Math.min(daysTotal, Math.floor((job.toMs - job.reachedMs) / dayMs))
  return {
    walletId: wallet.id,
    network: wallet.network,
    state: job.state,
    depthDays: job.depthDays,
    fromMs: job.fromMs,
    toMs: job.toMs,
    reachedMs: job.reachedMs,
    daysDone,
    daysTotal,
    requests: job.requests,
    rewards: job.rewards,
    inflows: job.inflows,
    reach,
    remaining: remaining(job, daysTotal - daysDone),
    problem: job.problem,
    updatedAt: job.updatedAt,
  }
}
