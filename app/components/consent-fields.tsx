import { getCollectionProps, getInputProps, type FieldMetadata } from '@conform-to/react'
import {
  CHOICE_VALUES,
  consentWording,
  SHOWN_VERSIONS_FIELD,
  shownVersionsValue,
  type PolicyKind,
  type PolicyToShow,
} from '~/domain/patients/consents.ts'
import { ErrorList } from './forms.tsx'

/** The Conform fields of a form built with `consentSchema`: one per policy kind. */
type ConsentFieldsMetadata = Record<PolicyKind, FieldMetadata<string | undefined>>

/**
 * The consents part of a form: each policy's summary, its full text behind a disclosure, and a
 * checkbox (required policies) or a yes/no choice (optional ones, e.g. SMS). Plain HTML inputs,
 * so the form works without JavaScript; the server's errors show beside each consent.
 */
export function ConsentFields({
  policies,
  fields,
  headingLevel = 'h2',
}: {
  policies: readonly PolicyToShow[]
  fields: ConsentFieldsMetadata
  headingLevel?: 'h2' | 'h3'
}) {
  return (
    <div className="space-y-4">
      <input type="hidden" name={SHOWN_VERSIONS_FIELD} value={shownVersionsValue(policies)} />
      {policies.map((policy) => (
        <PolicyConsent
          key={policy.kind}
          policy={policy}
          field={fields[policy.kind]}
          headingLevel={headingLevel}
        />
      ))}
    </div>
  )
}

function PolicyConsent({
  policy,
  field,
  headingLevel: Heading,
}: {
  policy: PolicyToShow
  field: FieldMetadata<string | undefined>
  headingLevel: 'h2' | 'h3'
}) {
  const wording = consentWording(policy.kind)
  const titleId = `${field.id}-title`
  const summaryId = `${field.id}-summary`
  const paragraphs = policy.body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)

  return (
    <section aria-labelledby={titleId} className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
      <Heading id={titleId} className="text-base font-semibold text-stone-900">
        {policy.title}
      </Heading>
      <p id={summaryId} className="mt-1 text-sm text-stone-700">
        {policy.summary}
      </p>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800">
          Read the full {wording.name}
        </summary>
        <div className="mt-3 space-y-3 text-stone-700">
          {paragraphs.map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      </details>
      {policy.required ? (
        <AcceptCheckbox
          field={field}
          label={`I have read and accept the ${wording.name}`}
          describedBy={summaryId}
        />
      ) : (
        <YesNoChoice field={field} wording={wording} describedBy={summaryId} />
      )}
    </section>
  )
}

function AcceptCheckbox({
  field,
  label,
  describedBy,
}: {
  field: FieldMetadata<string | undefined>
  label: string
  describedBy: string
}) {
  // The enum's pattern means nothing on a checkbox, so it is left off.
  const {
    key,
    pattern: _pattern,
    ...inputProps
  } = getInputProps(field, { type: 'checkbox', ariaDescribedBy: describedBy })
  return (
    <div className="mt-4">
      <div className="flex items-start gap-3">
        <input
          key={key}
          {...inputProps}
          className="mt-0.5 size-5 shrink-0 rounded border-stone-400 accent-brand-700"
        />
        <label htmlFor={inputProps.id} className="text-sm font-medium text-stone-800">
          {label}
        </label>
      </div>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  )
}

function YesNoChoice({
  field,
  wording,
  describedBy,
}: {
  field: FieldMetadata<string | undefined>
  wording: ReturnType<typeof consentWording>
  describedBy: string
}) {
  const options = getCollectionProps(field, {
    type: 'radio',
    options: [...CHOICE_VALUES],
    ariaDescribedBy: describedBy,
  })
  return (
    <fieldset className="mt-4">
      <legend className="text-sm font-medium text-stone-800">{wording.question}</legend>
      <div className="mt-2 space-y-2">
        {options.map(({ key, ...inputProps }) => (
          <div key={key} className="flex items-center gap-3">
            <input {...inputProps} className="size-5 shrink-0 accent-brand-700" />
            <label htmlFor={inputProps.id} className="text-sm text-stone-800">
              {inputProps.value === 'yes' ? wording.yes : wording.no}
            </label>
          </div>
        ))}
      </div>
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  )
}
