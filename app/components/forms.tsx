import {
  type FieldMetadata,
  getFormProps,
  getInputProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react'
import { type z } from 'zod'

export const linkClass = 'font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800'
/** A page's main action drawn as a button, whether it is a button or a link. */
export const primaryButtonClass =
  'inline-flex items-center justify-center rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-800 disabled:opacity-70'
/** A page's other actions beside its main one (Save draft beside Sign, Stop asking). */
export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-medium text-stone-800 shadow-sm hover:bg-stone-100 disabled:opacity-70'

// Conform describes a form as an object of fields.
type FormShape = Record<string, unknown>

/**
 * A Conform form validated by the same Zod schema in the browser and on the server.
 * Errors appear after the first submit and then update as the person types: validating
 * on blur would move the page under a click that is already on its way.
 */
export function useValidatedForm<Schema extends z.ZodType<FormShape, FormShape>>(
  id: string,
  schema: Schema,
  lastResult: SubmissionResult<string[]> | null | undefined,
  defaultValue?: Record<string, unknown>,
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult,
    defaultValue: defaultValue as never,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
}

export type ListOfErrors = Array<string | null | undefined> | null | undefined

/** Errors for one field or the whole form; announced to screen readers as they appear. */
export function ErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const shown = errors?.filter(Boolean)
  if (!shown?.length) return null
  return (
    <ul id={id} className="mt-1 space-y-1 text-sm text-red-700">
      {shown.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  )
}

const inputClass =
  'block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-base shadow-sm placeholder:text-stone-400 focus:border-brand-600 aria-[invalid=true]:border-red-600'

type ControlWiring = {
  id: string
  className: string
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
}

/**
 * Label, hint and errors around one control, wired for screen readers: the control is
 * described by its hint and its errors, and marked invalid while it has errors.
 */
function FieldShell({
  id: givenId,
  label,
  hint,
  errors,
  children,
}: {
  id?: string
  label: ReactNode
  hint?: ReactNode
  errors?: ListOfErrors
  children: (wiring: ControlWiring) => ReactNode
}) {
  const fallbackId = useId()
  const id = givenId ?? fallbackId
  const errorId = errors?.some(Boolean) ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="mt-0.5 text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        className: `mt-1 ${inputClass}`,
        'aria-invalid': errorId ? true : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
      })}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

type FieldProps = { label: ReactNode; hint?: ReactNode; errors?: ListOfErrors }

export function Field({
  inputProps,
  ...field
}: FieldProps & { inputProps: InputHTMLAttributes<HTMLInputElement> }) {
  return (
    <FieldShell id={inputProps.id} {...field}>
      {(wiring) => <input {...inputProps} {...wiring} />}
    </FieldShell>
  )
}

/** A settings form's whole numbers (hours, minutes), two to a row, each with its own bounds. */
export function WholeNumberFields<Name extends string>({
  settings,
  fields,
}: {
  settings: readonly { name: Name; label: string; hint?: string; max: number }[]
  fields: Record<Name, FieldMetadata<number>>
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {settings.map(({ name, label, hint, max }) => (
        <Field
          key={name}
          label={label}
          hint={hint}
          errors={fields[name].errors}
          inputProps={{
            ...getInputProps(fields[name], { type: 'number' }),
            min: 0,
            max,
            step: 1,
            inputMode: 'numeric',
            autoComplete: 'off',
          }}
        />
      ))}
    </div>
  )
}

export function SelectField({
  selectProps,
  children,
  ...field
}: FieldProps & { selectProps: SelectHTMLAttributes<HTMLSelectElement>; children: ReactNode }) {
  return (
    <FieldShell id={selectProps.id} {...field}>
      {(wiring) => (
        <select {...selectProps} {...wiring}>
          {children}
        </select>
      )}
    </FieldShell>
  )
}

export function TextareaField({
  textareaProps,
  ...field
}: FieldProps & { textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> }) {
  return (
    <FieldShell id={textareaProps.id} {...field}>
      {(wiring) => <textarea rows={5} {...textareaProps} {...wiring} />}
    </FieldShell>
  )
}

/** An action's reply (app/utils/action.server.ts), as the browser receives it. */
export type ActionReplyData = { result: SubmissionResult<string[]>; details?: unknown } | undefined

/**
 * Whether an action's reply answers this intent's form (several forms share one page). Where a
 * page repeats one form per row, `row` names the hidden fields that tell the rows apart.
 */
export function replyFor(reply: ActionReplyData, intent: string, row: Record<string, string> = {}) {
  const sent = reply?.result.initialValue
  if (sent?.intent !== intent) return undefined
  return Object.entries(row).every(([name, value]) => sent[name] === value) ? reply?.result : undefined
}

/**
 * A form that is only a button (or a few) and hidden fields: cancel, pay, retry, remove. A
 * Conform form like the typed ones, given the same reply (`lastResult`), so its refusal shows
 * inside it the same way, also with JavaScript off; a hidden field's error (a tampered form) is
 * the form's, as no one can correct it. Where a page repeats the form per row, `row` names the
 * hidden fields that tell its reply from its neighbours'.
 */
export function ActionForm({
  intent,
  fields = {},
  reply,
  row,
  className,
  children,
}: {
  intent: string
  fields?: Record<string, string | number>
  reply: ActionReplyData
  row?: Record<string, string>
  className?: string
  children: ReactNode
}) {
  const [form] = useForm({ lastResult: replyFor(reply, intent, row) })
  return (
    <Form method="post" {...getFormProps(form)} className={className}>
      <FormAlert id={form.errorId} errors={Object.values(form.allErrors).flat()} />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
    </Form>
  )
}

/**
 * The errors of a reply whose form is no longer on the page (the refusal changed what the page
 * shows: a session paid meanwhile, a drift already resolved). Where the form is still there,
 * ActionForm shows them.
 */
export function ReplyAlert({
  reply,
  intent,
  row,
}: {
  reply: ActionReplyData
  intent?: string
  row?: Record<string, string>
}) {
  const result = intent ? replyFor(reply, intent, row) : reply?.result
  if (!result?.error) return null
  return <FormAlert errors={Object.values(result.error).flat()} />
}

/** A form-level message (not tied to one field), e.g. a failed sign-in. */
export function FormAlert({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const shown = errors?.filter(Boolean)
  if (!shown?.length) return null
  return (
    <div
      id={id}
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
    >
      {shown.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  )
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      className="rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-800"
    >
      {children}
    </div>
  )
}

export function SubmitButton({ children, pendingText }: { children: ReactNode; pendingText?: string }) {
  const navigation = useNavigation()
  const pending = navigation.state === 'submitting'
  return (
    <button
      type="submit"
      disabled={pending}
      className="inline-flex w-full items-center justify-center rounded-md bg-brand-700 px-4 py-2.5 font-medium text-white shadow-sm hover:bg-brand-800 disabled:opacity-70"
    >
      {pending && pendingText ? pendingText : children}
    </button>
  )
}

export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string
  intro?: ReactNode
  children: ReactNode
}) {
  return (
    <main id="main" className="mx-auto w-full max-w-md flex-1 px-4 py-10 sm:py-16">
      <div className="rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">{title}</h1>
        {intro ? <div className="mt-2 text-stone-600">{intro}</div> : null}
        <div className="mt-6">{children}</div>
      </div>
    </main>
  )
}

/**
 * What a form that emails a link shows once it is sent: where it went and what it does
 * (children), what to do when nothing arrives, and the way on.
 */
export function EmailSentCard({
  children,
  nothingArrived,
  footer,
}: {
  children: ReactNode
  nothingArrived: ReactNode
  footer?: ReactNode
}) {
  return (
    <AuthCard title="Check your email">
      <div role="status" className="space-y-3 text-stone-700">
        {children}
        <p className="text-sm text-stone-600">{nothingArrived}</p>
      </div>
      {footer}
    </AuthCard>
  )
}

/** What an expired, used or forged emailed link shows: what happened and the way forward. */
export function LinkProblemCard({ message, to, action }: { message: string; to: string; action: string }) {
  return (
    <AuthCard title="This link no longer works">
      <p className="text-stone-700">{message}</p>
      <p className="mt-6">
        <Link to={to} className={linkClass}>
          {action}
        </Link>
      </p>
    </AuthCard>
  )
}

/** A question answered by choosing one option: a fieldset of radio buttons. */
export function RadioGroup({
  legend,
  hint,
  name,
  options,
  defaultValue,
  errors,
  formId,
  columns = false,
}: {
  legend: ReactNode
  hint?: ReactNode
  name: string
  options: readonly { value: string | number; label: string }[]
  defaultValue?: string | number | null
  errors?: ListOfErrors
  formId?: string
  columns?: boolean
}) {
  const id = useId()
  const errorId = errors?.some(Boolean) ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <fieldset
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      aria-invalid={errorId ? true : undefined}
    >
      <legend className="text-sm font-medium text-stone-800">{legend}</legend>
      {hint ? (
        <p id={hintId} className="mt-0.5 text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      <div className={`mt-2 grid gap-2 ${columns ? 'sm:grid-cols-2' : ''}`}>
        {options.map((option) => (
          <label
            key={option.value}
            className="flex min-h-11 cursor-pointer items-center gap-3 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm has-checked:border-brand-600 has-checked:bg-brand-50"
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              form={formId}
              defaultChecked={
                defaultValue !== undefined &&
                defaultValue !== null &&
                String(defaultValue) === String(option.value)
              }
              className="size-4 accent-brand-700"
            />
            {option.label}
          </label>
        ))}
      </div>
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  )
}
