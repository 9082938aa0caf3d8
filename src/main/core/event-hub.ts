import type { EventName, EventPayload } from '../../shared/contract/events.ts'

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** Fan-out of contract events from core to every transport that subscribed. */
export class EventHub {
  readonly #listeners = new Set<AnyEventListener>()

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener(event, payload)
      } catch {
        // One broken subscriber (a closed socket, a destroyed window) must not starve the others.
      }
    }
  }

  subscribe(listener: AnyEventListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  get listenerCount(): number {
    return this.#listeners.size
  }
}
