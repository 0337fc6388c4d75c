import { type FieldMetadata, getInputProps, getSelectProps, getTextareaProps } from '@conform-to/react'
import { Field, RadioGroup, SelectField, TextareaField } from '~/components/forms.tsx'
import {
  AUSTRALIAN_STATES,
  GENDER_OPTIONS,
  MODALITY_OPTIONS,
  PSYCHOLOGIST_GENDER_OPTIONS,
  REFERRER_OPTIONS,
  RISK_QUESTION,
} from '~/domain/patients/intake.ts'
import { K10_ANSWER_OPTIONS, K10_ITEMS, K10_QUESTION_STEM } from '~/domain/patients/k10.ts'

// The fields of each intake step, shared by the intake and the profile's edit pages.

// Conform's field metadata, loosely typed: each step's schema decides what is valid.
type Fields = Record<string, FieldMetadata<unknown>>

function field(fields: Fields, name: string) {
  const metadata = fields[name]
  if (!metadata) throw new Error(`form has no field ${name}`)
  return metadata as FieldMetadata<string>
}

const initial = (fields: Fields, name: string) => {
  const value = field(fields, name).initialValue
  return typeof value === 'string' ? value : undefined
}

export function AboutFields({ fields, email }: { fields: Fields; email: string }) {
  const f = (name: string) => field(fields, name)
  return (
    <>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="First name"
          hint="As on your Medicare card"
          errors={f('legalFirstName').errors}
          inputProps={{ ...getInputProps(f('legalFirstName'), { type: 'text' }), autoComplete: 'given-name' }}
        />
        <Field
          label="Last name"
          hint="As on your Medicare card"
          errors={f('legalLastName').errors}
          inputProps={{ ...getInputProps(f('legalLastName'), { type: 'text' }), autoComplete: 'family-name' }}
        />
        <Field
          label="Name you like to be called (optional)"
          errors={f('preferredName').errors}
          inputProps={{ ...getInputProps(f('preferredName'), { type: 'text' }), autoComplete: 'nickname' }}
        />
        <Field
          label="Pronouns (optional)"
          hint="For example she/her, he/him, they/them"
          errors={f('pronouns').errors}
          inputProps={getInputProps(f('pronouns'), { type: 'text' })}
        />
      </div>
      <Field
        label="Date of birth"
        errors={f('dateOfBirth').errors}
        inputProps={{ ...getInputProps(f('dateOfBirth'), { type: 'date' }), autoComplete: 'bday' }}
      />
      <RadioGroup
        legend="Gender"
        name={f('gender').name}
        options={GENDER_OPTIONS}
        defaultValue={initial(fields, 'gender')}
        errors={f('gender').errors}
        columns
      />
      <Field
        label="Street address"
        errors={f('addressLine').errors}
        inputProps={{ ...getInputProps(f('addressLine'), { type: 'text' }), autoComplete: 'street-address' }}
      />
      <div className="grid gap-5 sm:grid-cols-[2fr_1fr_1fr]">
        <Field
          label="Suburb or town"
          errors={f('suburb').errors}
          inputProps={{ ...getInputProps(f('suburb'), { type: 'text' }), autoComplete: 'address-level2' }}
        />
        <SelectField label="State" errors={f('state').errors} selectProps={getSelectProps(f('state'))}>
          <option value="">Choose…</option>
          {AUSTRALIAN_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </SelectField>
        <Field
          label="Postcode"
          errors={f('postcode').errors}
          inputProps={{
            ...getInputProps(f('postcode'), { type: 'text' }),
            autoComplete: 'postal-code',
            inputMode: 'numeric',
          }}
        />
      </div>
      <Field
        label="Mobile number"
        hint="We send appointment details here, never anything about your health."
        errors={f('mobile').errors}
        inputProps={{ ...getInputProps(f('mobile'), { type: 'tel' }), autoComplete: 'tel' }}
      />
      <p className="text-sm text-stone-600">
        Email: <strong>{email}</strong> (the address you sign in with)
      </p>
    </>
  )
}

export function ContactsFields({ fields }: { fields: Fields }) {
  const f = (name: string) => field(fields, name)
  return (
    <>
      <fieldset className="space-y-5">
        <legend className="text-base font-semibold text-stone-900">Emergency contact</legend>
        <p className="text-sm text-stone-600">
          Someone we can call if we are ever seriously worried about your safety.
        </p>
        <Field
          label="Their name"
          errors={f('emergencyName').errors}
          inputProps={getInputProps(f('emergencyName'), { type: 'text' })}
        />
        <Field
          label="How they are related to you"
          hint="For example partner, parent, friend"
          errors={f('emergencyRelationship').errors}
          inputProps={getInputProps(f('emergencyRelationship'), { type: 'text' })}
        />
        <Field
          label="Their phone number"
          errors={f('emergencyPhone').errors}
          inputProps={getInputProps(f('emergencyPhone'), { type: 'tel' })}
        />
      </fieldset>
      <fieldset className="space-y-5">
        <legend className="text-base font-semibold text-stone-900">Your GP (optional)</legend>
        <Field
          label="GP's name"
          errors={f('gpName').errors}
          inputProps={getInputProps(f('gpName'), { type: 'text' })}
        />
        <Field
          label="Practice"
          errors={f('gpPractice').errors}
          inputProps={getInputProps(f('gpPractice'), { type: 'text' })}
        />
        <Field
          label="Practice phone"
          errors={f('gpPhone').errors}
          inputProps={getInputProps(f('gpPhone'), { type: 'tel' })}
        />
      </fieldset>
    </>
  )
}

export function MedicareFields({ fields }: { fields: Fields }) {
  const f = (name: string) => field(fields, name)
  return (
    <>
      <RadioGroup
        legend="Do you have a Medicare card?"
        hint="With a referral, Medicare pays part of each session's fee."
        name={f('hasMedicare').name}
        options={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: "No, or I'd rather not use it" },
        ]}
        defaultValue={initial(fields, 'hasMedicare')}
        errors={f('hasMedicare').errors}
      />
      <fieldset className="space-y-5 rounded-lg border border-stone-200 p-4">
        <legend className="px-1 text-sm font-medium text-stone-800">If you have a Medicare card</legend>
        <Field
          label="Card number"
          hint="The 10 digits on the front of your card"
          errors={f('medicareNumber').errors}
          inputProps={{ ...getInputProps(f('medicareNumber'), { type: 'text' }), inputMode: 'numeric' }}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Your number on the card"
            hint="The number (1 to 9) next to your name"
            errors={f('medicareIrn').errors}
            inputProps={{ ...getInputProps(f('medicareIrn'), { type: 'text' }), inputMode: 'numeric' }}
          />
          <Field
            label="Valid to"
            hint="Month and year, like 03/2029"
            errors={f('medicareExpiry').errors}
            inputProps={getInputProps(f('medicareExpiry'), { type: 'month' })}
          />
        </div>
      </fieldset>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="DVA file number (optional)"
          hint="If you hold a Veterans' card"
          errors={f('dvaNumber').errors}
          inputProps={getInputProps(f('dvaNumber'), { type: 'text' })}
        />
        <Field
          label="Concession card number (optional)"
          hint="Health Care Card or Pensioner Concession Card"
          errors={f('concessionNumber').errors}
          inputProps={getInputProps(f('concessionNumber'), { type: 'text' })}
        />
      </div>
    </>
  )
}

export function ReferralFields({
  fields,
  letter,
  letterErrors,
}: {
  fields: Fields
  letter?: { id: string; fileName: string } | null
  letterErrors?: string[]
}) {
  const f = (name: string) => field(fields, name)
  return (
    <>
      <RadioGroup
        legend="Who referred you?"
        hint="For Medicare rebates you need a referral, usually from your GP with a Mental Health Treatment Plan."
        name={f('referrerType').name}
        options={REFERRER_OPTIONS}
        defaultValue={initial(fields, 'referrerType')}
        errors={f('referrerType').errors}
      />
      <fieldset className="space-y-5 rounded-lg border border-stone-200 p-4">
        <legend className="px-1 text-sm font-medium text-stone-800">
          About the referral (from the letter)
        </legend>
        <Field
          label="Referring doctor"
          errors={f('referrerName').errors}
          inputProps={getInputProps(f('referrerName'), { type: 'text' })}
        />
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Their provider number"
            hint="Usually on the letterhead, like 2123456A"
            errors={f('referrerProviderNumber').errors}
            inputProps={getInputProps(f('referrerProviderNumber'), { type: 'text' })}
          />
          <Field
            label="Practice (optional)"
            errors={f('referrerPractice').errors}
            inputProps={getInputProps(f('referrerPractice'), { type: 'text' })}
          />
          <Field
            label="Date of the referral"
            errors={f('referralDate').errors}
            inputProps={getInputProps(f('referralDate'), { type: 'date' })}
          />
          <Field
            label="Sessions referred"
            hint="Usually 6"
            errors={f('sessionsReferred').errors}
            inputProps={{ ...getInputProps(f('sessionsReferred'), { type: 'number' }), min: 1, max: 10 }}
          />
        </div>
        <div>
          <label htmlFor="referral-letter" className="block text-sm font-medium text-stone-800">
            Referral letter (optional now, needed before your first session)
          </label>
          <p id="referral-letter-hint" className="mt-0.5 text-sm text-stone-600">
            A PDF, or a photo (JPEG or PNG) of the letter, up to 5 MB.
            {letter ? ` You have already sent ${letter.fileName}; choose a file only to replace it.` : ''}
          </p>
          <input
            id="referral-letter"
            type="file"
            name="referralLetter"
            accept="application/pdf,image/jpeg,image/png"
            aria-describedby={`referral-letter-hint${letterErrors?.length ? ' referral-letter-error' : ''}`}
            aria-invalid={letterErrors?.length ? true : undefined}
            className="mt-2 block w-full text-sm text-stone-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-100 file:px-3 file:py-2 file:font-medium file:text-brand-800"
          />
          {letterErrors?.length ? (
            <ul id="referral-letter-error" className="mt-1 text-sm text-red-700">
              {letterErrors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </fieldset>
    </>
  )
}

export function NeedsFields({ fields }: { fields: Fields }) {
  const f = (name: string) => field(fields, name)
  return (
    <>
      <TextareaField
        label="What brings you to Haven?"
        hint="In your own words. Only your psychologist reads this."
        errors={f('reasonForVisit').errors}
        textareaProps={getTextareaProps(f('reasonForVisit'))}
      />
      <RadioGroup
        legend={RISK_QUESTION}
        hint="Many people have these thoughts. Your answer helps us support you; it never stops you booking."
        name={f('riskThoughts').name}
        options={[
          { value: 'no', label: 'No' },
          { value: 'yes', label: 'Yes' },
        ]}
        defaultValue={initial(fields, 'riskThoughts')}
        errors={f('riskThoughts').errors}
      />
      <RadioGroup
        legend="How would you like to meet?"
        name={f('modalityPreference').name}
        options={MODALITY_OPTIONS}
        defaultValue={initial(fields, 'modalityPreference')}
        errors={f('modalityPreference').errors}
      />
      <RadioGroup
        legend="Would you prefer a psychologist of a particular gender?"
        name={f('psychologistGenderPreference').name}
        options={PSYCHOLOGIST_GENDER_OPTIONS}
        defaultValue={initial(fields, 'psychologistGenderPreference')}
        errors={f('psychologistGenderPreference').errors}
        columns
      />
      <Field
        label="Languages you'd like to speak in sessions (optional)"
        hint="Separate them with commas, e.g. English, Vietnamese"
        errors={f('languages').errors}
        inputProps={getInputProps(f('languages'), { type: 'text' })}
      />
    </>
  )
}

export function K10Fields({ fields }: { fields: Fields }) {
  return (
    <>
      <p className="text-stone-700">
        Ten short questions (the K10). {K10_QUESTION_STEM}…? There are no right or wrong answers.
      </p>
      {K10_ITEMS.map((item, index) => (
        <RadioGroup
          key={item.name}
          legend={`${index + 1}. ${item.text.replace(`${K10_QUESTION_STEM} `, 'How often did you feel ')}`}
          name={field(fields, item.name).name}
          options={K10_ANSWER_OPTIONS}
          defaultValue={initial(fields, item.name)}
          errors={field(fields, item.name).errors}
          columns
        />
      ))}
    </>
  )
}
