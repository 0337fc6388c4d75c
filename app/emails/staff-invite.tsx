import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import { ActionButton, greeting, Heading1, Layout, LinkFallback, Paragraph, formatHours } from './layout.tsx'

export const staffInviteProps = z.strictObject({
  // The worker may not know a name yet; the greeting copes with an empty one.
  name: z.string().trim().max(200),
  role: z.enum(['psychologist', 'manager']),
  inviterName: z.string().trim().min(1).max(200),
  link: z.url({ protocol: /^https?$/ }),
  expiresInHours: z.int().positive(),
})
export type StaffInviteProps = z.infer<typeof staffInviteProps>

export const staffInviteSubject = `You're invited to join ${practiceName}`

const roleLabels: Record<StaffInviteProps['role'], string> = {
  psychologist: 'a psychologist',
  manager: 'a practice manager',
}

export function StaffInviteEmail({ name, role, inviterName, link, expiresInHours }: StaffInviteProps) {
  return (
    <Layout
      title={staffInviteSubject}
      preview={`${inviterName} has invited you to join ${practiceName}.`}
      reason={`You're receiving this email because a ${practiceName} staff account was created for this address.`}
    >
      <Heading1>Welcome to {practiceName}</Heading1>
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>
        {inviterName} has invited you to join {practiceName} as {roleLabels[role]}. To get started, set a
        password for your account.
      </Paragraph>
      <ActionButton href={link}>Set my password</ActionButton>
      <LinkFallback href={link} />
      <Paragraph>
        This link expires in {formatHours(expiresInHours)} and can only be used once. If it has expired, ask
        the practice for a new invitation.
      </Paragraph>
      <Paragraph>If you weren&apos;t expecting this invitation, you can ignore this email.</Paragraph>
    </Layout>
  )
}
