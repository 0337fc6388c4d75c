import { z } from 'zod'
import { practiceName } from '~/utils/practice.ts'
import {
  ActionButton,
  greeting,
  Heading1,
  Layout,
  LinkFallback,
  Paragraph,
  formatMinutes,
} from './layout.tsx'

export const passwordResetProps = z.strictObject({
  // The worker may not know a name yet; the greeting copes with an empty one.
  name: z.string().trim().max(200),
  link: z.url({ protocol: /^https?$/ }),
  expiresInMinutes: z.int().positive(),
})
export type PasswordResetProps = z.infer<typeof passwordResetProps>

export const passwordResetSubject = `Reset your ${practiceName} password`

export function PasswordResetEmail({ name, link, expiresInMinutes }: PasswordResetProps) {
  return (
    <Layout title={passwordResetSubject} preview="Use this link to choose a new password.">
      <Heading1>Reset your password</Heading1>
      <Paragraph>{greeting(name)}</Paragraph>
      <Paragraph>
        We received a request to reset the password for your {practiceName} account. Use the button below to
        choose a new one.
      </Paragraph>
      <ActionButton href={link}>Choose a new password</ActionButton>
      <LinkFallback href={link} />
      <Paragraph>This link expires in {formatMinutes(expiresInMinutes)} and can only be used once.</Paragraph>
      <Paragraph>
        If you didn&apos;t ask to reset your password, you can ignore this email. Your password won&apos;t
        change.
      </Paragraph>
    </Layout>
  )
}
