import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import {
  acceptMessage,
  consentSchema,
  shownVersionsValue,
  SHOWN_VERSIONS_FIELD,
  updatedWhileReadingMessage,
  type AskedPolicy,
} from './consents.ts'

const ALL: AskedPolicy[] = [
  { kind: 'privacy', version: 1, required: true },
  { kind: 'telehealth', version: 1, required: true },
  { kind: 'cancellation', version: 1, required: true },
  { kind: 'sms', version: 1, required: false },
]

function form(entries: Record<string, string>, policies: readonly AskedPolicy[] = ALL) {
  const formData = new FormData()
  formData.set(SHOWN_VERSIONS_FIELD, shownVersionsValue(policies))
  for (const [name, value] of Object.entries(entries)) formData.set(name, value)
  return formData
}

function parse(formData: FormData, policies: readonly AskedPolicy[] = ALL) {
  return parseWithZod(formData, { schema: consentSchema(policies) })
}

function errorsOf(submission: ReturnType<typeof parse>) {
  return submission.status === 'error' ? submission.error : undefined
}

describe('consentSchema', () => {
  it('turns ticked boxes and a yes/no answer into decisions', () => {
    const submission = parse(form({ privacy: 'on', telehealth: 'accepted', cancellation: 'on', sms: 'no' }))
    expect(submission.status).toBe('success')
    expect(submission.status === 'success' && submission.value).toEqual({
      privacy: true,
      telehealth: true,
      cancellation: true,
      sms: false,
      [SHOWN_VERSIONS_FIELD]: 'privacy:1 telehealth:1 cancellation:1 sms:1',
    })
    const yes = parse(form({ privacy: 'on', telehealth: 'on', cancellation: 'on', sms: 'yes' }))
    expect(yes.status === 'success' && yes.value.sms).toBe(true)
  })

  it('puts a clear message beside each skipped consent', () => {
    const submission = parse(form({ telehealth: 'on' }))
    expect(errorsOf(submission)).toEqual({
      privacy: [acceptMessage('privacy')],
      cancellation: [acceptMessage('cancellation')],
      sms: ['Choose whether we may text you'],
    })
    expect(acceptMessage('privacy')).toBe(
      'Please read and accept the privacy and collection notice to continue',
    )
  })

  it('refuses anything but a ticked box or a yes/no answer', () => {
    const submission = parse(form({ privacy: 'no', telehealth: 'on', cancellation: 'on', sms: 'maybe' }))
    expect(errorsOf(submission)).toEqual({
      privacy: [acceptMessage('privacy')],
      sms: ['Choose whether we may text you'],
    })
  })

  it('covers only the policies being asked', () => {
    const asked: AskedPolicy[] = [{ kind: 'privacy', version: 2, required: true }]
    const submission = parse(form({ privacy: 'on', sms: 'yes' }, asked), asked)
    expect(submission.status === 'success' && submission.value).toEqual({
      privacy: true,
      [SHOWN_VERSIONS_FIELD]: 'privacy:2',
    })
    expect(Object.keys(getZodConstraint(consentSchema(asked)))).not.toContain('sms')
  })

  it('asks again about a policy that changed since the page was shown', () => {
    const shown: AskedPolicy[] = [
      { kind: 'privacy', version: 1, required: true },
      { kind: 'sms', version: 1, required: false },
    ]
    const current: AskedPolicy[] = [
      { kind: 'privacy', version: 2, required: true },
      { kind: 'sms', version: 1, required: false },
    ]
    const submission = parse(form({ privacy: 'on', sms: 'yes' }, shown), current)
    expect(errorsOf(submission)).toEqual({ privacy: [updatedWhileReadingMessage('privacy')] })
  })

  it('marks every asked consent as required for the browser', () => {
    const constraint = getZodConstraint(consentSchema(ALL))
    for (const kind of ['privacy', 'telehealth', 'cancellation', 'sms']) {
      expect(constraint[kind]).toMatchObject({ required: true })
    }
  })
})
