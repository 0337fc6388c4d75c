import { z } from 'zod'

// Client-safe: the consent form validates with this in the browser and on the server.

/** The page that asks a patient about policies they have not decided on. */
export const CONSENTS_PATH = '/patient/consents'

export const POLICY_KINDS = ['privacy', 'telehealth', 'cancellation', 'sms'] as const
export type PolicyKind = (typeof POLICY_KINDS)[number]

/** What the form needs to know about a policy it asks about. */
export type AskedPolicy = { kind: PolicyKind; version: number; required: boolean }

/** One policy as the consent form shows it. */
export type PolicyToShow = AskedPolicy & { title: string; summary: string; body: string }

type Wording = {
  /** The policy's name inside a sentence: "Please read and accept the …". */
  name: string
  /** For an optional policy, the yes/no question and its answers. */
  question: string
  yes: string
  no: string
  choose: string
}

const POLICY_NAMES: Record<PolicyKind, string> = {
  privacy: 'privacy and collection notice',
  telehealth: 'telehealth consent',
  cancellation: 'cancellation and fees policy',
  sms: 'text message terms',
}

export function consentWording(kind: PolicyKind): Wording {
  const name = POLICY_NAMES[kind]
  if (kind === 'sms') {
    return {
      name,
      question: 'May we text you appointment confirmations and reminders?',
      yes: 'Yes, text me',
      no: 'No, do not text me',
      choose: 'Choose whether we may text you',
    }
  }
  return {
    name,
    question: `Do you accept the ${name}?`,
    yes: 'Yes, I accept',
    no: 'No, I do not accept',
    choose: `Choose whether you accept the ${name}`,
  }
}

export function acceptMessage(kind: PolicyKind) {
  return `Please read and accept the ${POLICY_NAMES[kind]} to continue`
}

export function updatedWhileReadingMessage(kind: PolicyKind) {
  return `We have just updated the ${POLICY_NAMES[kind]}. Please read the new version before you continue`
}

/** The checkbox values a browser sends for a ticked box ("on" unless the form names its own value). */
const ACCEPTED_VALUES = ['on', 'accepted'] as const
export const CHOICE_VALUES = ['yes', 'no'] as const

/**
 * A hidden field carrying the policy versions the page showed, e.g. "privacy:2 sms:1". If a policy
 * changes while someone is reading, the server's current version is not among them and the form
 * asks again, so nobody accepts a text they were never shown.
 */
export const SHOWN_VERSIONS_FIELD = 'policyVersionsShown'

export function shownVersionsValue(policies: readonly AskedPolicy[]) {
  return policies.map((policy) => `${policy.kind}:${policy.version}`).join(' ')
}

type ShownVersions = { [SHOWN_VERSIONS_FIELD]?: string }
/** What the form sends: one field per asked policy, named after its kind. */
type ConsentFormInput = { [Kind in PolicyKind]?: string } & ShownVersions
/** What the form means: for each asked policy (and no other), whether it was accepted. */
export type ConsentAnswers = { [Kind in PolicyKind]?: boolean } & ShownVersions

function answerSchema(policy: AskedPolicy): z.ZodType<boolean, string> {
  if (policy.required) {
    return z.enum(ACCEPTED_VALUES, { error: acceptMessage(policy.kind) }).transform(() => true)
  }
  return z
    .enum(CHOICE_VALUES, { error: consentWording(policy.kind).choose })
    .transform((answer) => answer === 'yes')
}

/** The consent form's schema, covering exactly the policies being asked. */
export function consentSchema(policies: readonly AskedPolicy[]) {
  const shape: Record<string, z.ZodType<unknown, string | undefined>> = {
    [SHOWN_VERSIONS_FIELD]: z.string().optional(),
  }
  for (const policy of policies) shape[policy.kind] = answerSchema(policy)
  // The shape depends on which policies are asked, so its static type is stated rather than inferred.
  // No transform at the root: Conform cannot derive the browser's constraints through one.
  const form = z.object(shape) as unknown as z.ZodType<ConsentAnswers, ConsentFormInput>
  return form.superRefine((value, ctx) => {
    const shown = new Set((value[SHOWN_VERSIONS_FIELD] ?? '').split(/\s+/))
    for (const policy of policies) {
      if (shown.has(`${policy.kind}:${policy.version}`)) continue
      ctx.addIssue({ code: 'custom', path: [policy.kind], message: updatedWhileReadingMessage(policy.kind) })
    }
  })
}
