import { expect, it } from 'vitest'
import { onFirstUse } from './on-first-use.ts'

class Counter {
  count = 0
  bump() {
    this.count += 1
    return this.count
  }
}

it('makes the object on first use, once, and calls its methods on it', () => {
  let made = 0
  let instance: Counter | undefined
  const counter = onFirstUse(() => {
    if (!instance) {
      made += 1
      instance = new Counter()
    }
    return instance
  })
  expect(made).toBe(0)
  const { bump } = counter
  expect(bump()).toBe(1)
  expect(counter.bump()).toBe(2)
  expect(counter.count).toBe(2)
  expect(made).toBe(1)
})
