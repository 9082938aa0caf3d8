import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import { fleetLimits, type FleetRig, type FleetSnapshot, type NewFleetRig } from '../../../shared/contract/fleet.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { Capability, CoreContext } from '../capability.ts'
import { DeskError } from '../errors.ts'
import { fleetTotals } from './fleet-totals.ts'
import { RigClient, defaultRigTiming, type RigTiming } from './rig-client.ts'
import { authenticate, checkHealth, parseRigAddress } from './rig-check.ts'

export type FleetMethods = 'fleet.list' | 'fleet.add' | 'fleet.remove'

export type FleetOptions = Partial<RigTiming> & {
  /** How often fleet.changed may go out at most: every rig samples once a second. */
  emitEveryMs?: number
}

export type Fleet = Capability<FleetMethods> & {
  /** The rigs and totals now; the same object until something changed (alert rules memoize on it). */
  snapshot(): FleetSnapshot
}

/** The secret that holds a rig's bearer token. */
export const fleetTokenSecret = (id: string): string => `fleet:${id}:token`

/**
 * The fleet (issue 13): a client per watched agent speaking the same contract over its /ws, and
 * the totals across them. Rigs are settings (`fleet.rigs`), tokens are secrets.
 */
export function createFleet(ctx: CoreContext, options: FleetOptions = {}): Fleet {
  const timing: RigTiming = { ...defaultRigTiming, ...options }
  const emitEveryMs = options.emitEveryMs ?? 1000
  const clients = new Map<string, RigClient>()
  let running = false
  let current: FleetSnapshot | null = null
  let emitTimer: ReturnType<typeof setTimeout> | undefined

  const snapshot = (): FleetSnapshot => {
    if (current !== null) return current
    const rigs = [...clients.values()].map((client) => client.view())
    current = { rigs, totals: fleetTotals(rigs), at: Date.now() }
    return current
  }
  const changed = (): void => {
    current = null
    if (emitTimer !== undefined || !running) return
    emitTimer = setTimeout(() => {
      emitTimer = undefined
      ctx.events.emit('fleet.changed', snapshot())
    }, emitEveryMs)
    emitTimer.unref()
  }

  const follow = async (rig: FleetRig): Promise<void> => {
    const token = await ctx.secrets.get(fleetTokenSecret(rig.id))
    const client = new RigClient(rig, token, { timing, log: ctx.log, onChange: changed })
    clients.set(rig.id, client)
    if (running) client.start()
    changed()
  }
  const unfollow = (id: string): void => {
    clients.get(id)?.stop()
    clients.delete(id)
    changed()
  }
  /** Clients for exactly the rigs in settings (after a restored backup, say). */
  const reconcile = async (rigs: readonly FleetRig[]): Promise<void> => {
    const wanted = new Map(rigs.map((rig) => [rig.id, rig]))
    for (const [id, client] of clients) if (wanted.get(id) !== client.rig) unfollow(id)
    for (const rig of rigs) if (!clients.has(rig.id)) await follow(rig)
  }

  /** Room for one more, and not a rig already watched; asked again after the checks, which take a while. */
  const assertRoom = (url: string): void => {
    const { rigs } = ctx.settings.current.fleet
    if (rigs.length >= fleetLimits.rigs) throw new DeskError('invalid-input', `url: DePIN Desk watches at most ${String(fleetLimits.rigs)} rigs; remove one first`, { field: 'url' })
    const same = rigs.find((rig) => rig.url === url)
    if (same !== undefined) throw new DeskError('invalid-input', `url: ${url} is already watched as “${same.name}”`, { field: 'url' })
  }

  async function add(input: z.output<typeof NewFleetRig>): Promise<FleetSnapshot> {
    const address = parseRigAddress(input.url)
    assertRoom(address.url)
    const token = input.token === undefined || input.token === null || input.token === '' ? address.tokenFromUrl : input.token
    await checkHealth(address.url, timing.callTimeoutMs)
    await authenticate(address.url, token, timing.callTimeoutMs)
    assertRoom(address.url)
    const rig: FleetRig = { id: `rig-${randomBytes(4).toString('hex')}`, name: input.name, url: address.url, addedAt: Date.now() }
    const secret = fleetTokenSecret(rig.id)
    if (token !== undefined) await ctx.secrets.set(secret, token)
    try {
      const latest = ctx.settings.current
      ctx.saveSettings({ ...latest, fleet: { ...latest.fleet, rigs: [...latest.fleet.rigs, rig] } })
    } catch (error) {
      // A rig that could not be saved leaves no token behind.
      await ctx.secrets.delete(secret)
      throw error
    }
    await follow(rig)
    return snapshot()
  }

  async function remove(id: string): Promise<FleetSnapshot> {
    const latest = ctx.settings.current
    if (!latest.fleet.rigs.some((rig) => rig.id === id)) throw new DeskError('not-found', `No rig with id "${id}".`)
    ctx.saveSettings({ ...latest, fleet: { ...latest.fleet, rigs: latest.fleet.rigs.filter((rig) => rig.id !== id) } })
    await ctx.secrets.delete(fleetTokenSecret(id))
    unfollow(id)
    return snapshot()
  }

  return {
    handlers: {
      'fleet.list': () => snapshot(),
      'fleet.add': (input) => add(input),
      'fleet.remove': ({ id }) => remove(id),
    },
    snapshot,
    async start() {
      running = true
      await reconcile(ctx.settings.current.fleet.rigs)
      for (const client of clients.values()) client.start()
    },
    stop() {
      running = false
      clearTimeout(emitTimer)
      emitTimer = undefined
      for (const id of [...clients.keys()]) unfollow(id)
      return Promise.resolve()
    },
    async settingsReplaced(next: Settings) {
      await reconcile(next.fleet.rigs)
      const names = new Set(await ctx.secrets.names())
      return next.fleet.rigs.filter((rig) => !names.has(fleetTokenSecret(rig.id))).map((rig) => `Fleet: rig “${rig.name}” has no token here (tokens stay in the other machine's secret store); if its agent wants one, remove the rig and add it again with its token.`)
    },
  }
}
