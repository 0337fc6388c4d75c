import { type RoomEvents } from './port.ts'

/** The listeners of one connected room's events, for a port to call (both ports use it). */
export function roomListeners() {
  const listeners = new Map<keyof RoomEvents, Set<(...args: never[]) => void>>()
  return {
    on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => void set.delete(listener)
    },
    emit<E extends keyof RoomEvents>(event: E, ...args: Parameters<RoomEvents[E]>) {
      for (const listener of listeners.get(event) ?? [])
        (listener as (...values: typeof args) => void)(...args)
    },
    clear: () => listeners.clear(),
  }
}
