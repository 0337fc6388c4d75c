import { type FieldMetadata } from '@conform-to/react'
import { RadioGroup } from '~/components/forms.tsx'
import { type AnswerOption } from '~/domain/outcomes/questionnaires.ts'

type Item = { readonly name: string; readonly text: string }
type Fields = Record<string, FieldMetadata<unknown>>

const questionId = (index: number) => `question-${index + 1}`

/**
 * What is missing or wrong, at the top of the form, each linking to its question: with JavaScript
 * off the whole page comes back, and a long questionnaire hides an error far below.
 */
export function ErrorSummary({
  items,
  fields,
  formErrors,
}: {
  items: readonly Item[]
  fields: Fields
  formErrors?: string[]
}) {
  const problems = items.flatMap((item, index) =>
    (fields[item.name]?.errors ?? []).map((message) => ({ href: `#${questionId(index)}`, message, index })),
  )
  const general = formErrors?.filter(Boolean) ?? []
  if (problems.length === 0 && general.length === 0) return null
  return (
    <div
      role="alert"
      aria-labelledby="error-summary-title"
      className="rounded-md border-2 border-red-700 bg-white p-4"
    >
      <h2 id="error-summary-title" className="font-semibold text-red-800">
        There is a problem
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {general.map((message) => (
          <li key={message} className="text-red-800">
            {message}
          </li>
        ))}
        {problems.map((problem) => (
          <li key={problem.href}>
            <a href={problem.href} className="font-medium text-red-800 underline underline-offset-4">
              Question {problem.index + 1}: {problem.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}

/** One fieldset of radio buttons per question, its legend the question, each required. */
export function QuestionnaireFields({
  items,
  options,
  fields,
}: {
  items: readonly Item[]
  options: readonly AnswerOption[]
  fields: Fields
}) {
  return (
    <div className="space-y-6">
      {items.map((item, index) => {
        const field = fields[item.name]
        const initial = field?.initialValue
        return (
          <div key={item.name} id={questionId(index)} className="scroll-mt-4">
            <RadioGroup
              legend={`${index + 1}. ${item.text}`}
              name={item.name}
              options={options}
              defaultValue={typeof initial === 'string' ? initial : undefined}
              errors={field?.errors}
            />
          </div>
        )
      })}
    </div>
  )
}
