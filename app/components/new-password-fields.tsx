import { type FieldMetadata, getInputProps } from '@conform-to/react'
import { Field } from '~/components/forms.tsx'
import { PASSWORD_MIN_LENGTH } from '~/domain/identity/password-policy.ts'

/** A new password and its confirmation, as every form that sets a password asks for them. */
export function NewPasswordFields({
  password,
  confirmPassword,
  labels,
  focusFirst = false,
}: {
  password: FieldMetadata<string>
  confirmPassword: FieldMetadata<string>
  labels: { password: string; confirm: string }
  focusFirst?: boolean
}) {
  return (
    <>
      <Field
        label={labels.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short phrase of a few words works well.`}
        errors={password.errors}
        inputProps={{
          ...getInputProps(password, { type: 'password' }),
          autoComplete: 'new-password',
          autoFocus: focusFirst,
        }}
      />
      <Field
        label={labels.confirm}
        errors={confirmPassword.errors}
        inputProps={{ ...getInputProps(confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
      />
    </>
  )
}
