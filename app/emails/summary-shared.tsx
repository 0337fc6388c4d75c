import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import { greetingName, httpLink, patientReason, whenText } from './appointment-parts.tsx'
import { ActionButton, greeting, Heading1, Layout, LinkFallback, Paragraph } from './layout.tsx'

// Only that something new is there, and where: what was shared stays behind sign-in.
export const summarySharedProps = z.strictObject({
  name: greetingName,
  /** The session's day in its own zone, e.g. "Monday 7 December". */
  when: whenText,
  /** The summary's page in the portal. */
  link: httpLink,
  /** A correction of notes shared before. */
  updated: z.boolean(),
})
export type SummarySharedProps = z.infer<typeof summarySharedProps>

export const summarySharedSubject = ({ updated }: SummarySharedProps) =>
  updated ? `Updated notes from your ${practiceName} session` : `New notes from your ${practiceName} session`

export function SummarySharedEmail({ name, when, link, updated }: SummarySharedProps) {
  const what = updated
    ? `Your psychologist has updated the notes they shared from your session on ${when}.`
    : `Your psychologist has shared notes from your session on ${when}.`
  return (
    <Layout
      title={summarySharedSubject({ name, when, link, updated })}
      preview="Sign in to your portal to read them."
      reason={patientReason}
    >
      <Heading1>{updated ? 'Your session notes were updated' : 'Notes from your session'}</Heading1>
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>{what} You can read them in your portal once you sign in.</Paragraph>
      <ActionButton href={link}>Read your session notes</ActionButton>
      <LinkFallback href={link} />
    </Layout>
  )
}
