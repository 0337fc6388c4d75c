import { expect, test } from 'vitest'
import { accessActionWords, groupAccessEvents } from './access-words.ts'

const event = (who: string, action: string, at: string, ipAddress = '203.0.113.9') => ({
  who,
  action,
  at,
  ipAddress,
})

test('a run of the same person doing the same thing from one place is one row', () => {
  const rows = groupAccessEvents([
    event('Daniel Tran', 'note.draft_saved', '10:05'),
    event('Daniel Tran', 'note.draft_saved', '10:04'),
    event('Daniel Tran', 'note.draft_saved', '10:03', '198.51.100.1'),
    event('Practice Manager', 'note.read', '10:02'),
    event('Daniel Tran', 'note.draft_saved', '10:01'),
  ])
  expect(rows.map((row) => [row.first.at, row.last.at, row.count])).toEqual([
    ['10:05', '10:04', 2],
    ['10:03', '10:03', 1],
    ['10:02', '10:02', 1],
    ['10:01', '10:01', 1],
  ])
})

test('actions read as words, unknown ones as their code', () => {
  expect(accessActionWords('note.read')).toBe('Read a session note')
  expect(accessActionWords('something.new')).toBe('something.new')
})
