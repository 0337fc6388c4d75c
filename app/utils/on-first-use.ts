/**
 * Stands in for an object that is made on first use (`get` makes it once and then returns it),
 * so a module can export it before the environment it needs has been set and validated.
 */
export function onFirstUse<T extends object>(get: () => T): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = get()
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
