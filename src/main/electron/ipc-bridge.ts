import { ipcChannel, methodNames } from '../../shared/contract/names.ts'
import type { DeskErrorInfo, Envelope } from '../../shared/contract/result.ts'
import type { Dispatch } from '../core/contract/dispatcher.ts'
import type { EventHub } from '../core/event-hub.ts'
import type { Logger } from '../core/log.ts'
import type { ShellFrame, ShellIpcMain } from './shell-electron.ts'

export type RegisterContractOptions = {
  ipcMain: ShellIpcMain
  dispatch: Dispatch
  /** Whether a page at this URL may call the contract (see trusted-url.ts). */
  isTrustedSender: (url: string) => boolean
  log: Logger
}

const forbidden: DeskErrorInfo = {
  code: 'forbidden',
  message: 'Only the DePIN Desk page may call DePIN Desk.',
  retryable: false,
}

// Per ipcMain, so a second registration fails loudly here instead of half-way through
// Electron's own "second handler" error.
const registeredChannels = new WeakMap<ShellIpcMain, Set<string>>()

/**
 * Binds every contract method to its IPC channel. A call from anything but our own page's
 * top frame is answered `forbidden` without reaching core; the rest go to `dispatch`, which
 * validates the payload and never throws. Returns the function that unbinds them all.
 */
export function registerContract(options: RegisterContractOptions): () => void {
  const { ipcMain, dispatch, isTrustedSender, log } = options
  const taken = registeredChannels.get(ipcMain) ?? new Set<string>()
  registeredChannels.set(ipcMain, taken)
  const bindings = methodNames.map((name) => ({ name, channel: ipcChannel.method(name) }))
  const clash = bindings.find(({ channel }) => taken.has(channel))
  if (clash !== undefined) throw new Error(`IPC channel ${clash.channel} is already registered`)

  for (const { name, channel } of bindings) {
    ipcMain.handle(channel, (event, payload) => {
      if (!isTopFrameOf(event.senderFrame, isTrustedSender)) {
        log.warn(`refused ${name} from ${event.senderFrame?.url ?? 'a frame that is gone'}`)
        return Promise.resolve({ ok: false, error: forbidden } satisfies Envelope<never>)
      }
      return dispatch(name, payload)
    })
    taken.add(channel)
  }

  return () => {
    for (const { channel } of bindings) {
      if (taken.delete(channel)) ipcMain.removeHandler(channel)
    }
  }
}

function isTopFrameOf(frame: ShellFrame | null, isTrusted: (url: string) => boolean): boolean {
  // An iframe could be anything the page embeds; only the page itself speaks for the user.
  return frame !== null && frame.parent === null && isTrusted(frame.url)
}

/** Pushes every core event to the page on its channel; returns the unsubscribe. */
export function forwardEvents(events: EventHub, send: (channel: string, payload: unknown) => void): () => void {
  return events.subscribe((event, payload) => send(ipcChannel.event(event), payload))
}
