import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  ActionForm,
  type ActionReplyData,
  ErrorList,
  FormAlert,
  linkClass,
  primaryButtonClass,
  replyFor,
  SelectField,
  useValidatedForm,
  WholeNumberFields,
} from '~/components/forms.tsx'
import { MessageStateText, MessageTimesText } from '~/components/message-list.tsx'
import { listPageLink, Pager } from '~/components/pager.tsx'
import { hasPermission } from '~/domain/identity/permissions.ts'
import {
  CHANNEL_LABELS,
  MESSAGE_CHANNELS,
  MESSAGE_STATUS_LABELS,
  MESSAGE_STATUSES,
  messageSettingsSchema,
  parseMessageFilter,
  RECIPIENT_LABELS,
} from '~/domain/notify/message-settings.ts'
import {
  practiceMessages,
  readMessageSettings,
  retryMessage,
  updateMessageSettings,
} from '~/domain/notify/message-views.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/messages.tsx']

export const meta: MetaFunction = () => [{ title: 'Messages · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const filter = parseMessageFilter(new URL(request.url).searchParams)
  invariantResponse(filter.success, 'That filter was not understood. Choose it again from the list.', 400)
  const seesSettings = hasPermission(user, 'read:message-settings:any')
  const [messages, settings] = await Promise.all([
    practiceMessages(filter.data),
    seesSettings ? readMessageSettings() : null,
  ])
  return {
    filter: filter.data,
    ...messages,
    canRetry: hasPermission(user, 'update:message:any'),
    canChangeSettings: hasPermission(user, 'update:message-settings:any'),
    settings: settings && {
      emailReminderHours: settings.emailReminderHours,
      smsReminderHours: settings.smsReminderHours,
      videoSoonMinutes: settings.videoSoonMinutes,
      quietHoursEnabled: settings.quietHoursEnabled,
      quietHoursStart: settings.quietHoursStart,
      quietHoursEnd: settings.quietHoursEnd,
      changeNoticeDelayMinutes: Math.round(settings.changeNoticeDelaySeconds / 60),
    },
  }
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('retry'), messageId: z.string().min(1).max(64) }),
  messageSettingsSchema,
])

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: ActionSchema,
    perform: async (input, actor) => {
      // Back to the same filters and page.
      const back = new URL(request.url)
      if (input.intent === 'retry') {
        await retryMessage(input.messageId, actor.id)
        return redirectWithNotice(
          `${back.pathname}${back.search}`,
          'The message will be sent again. Its state here changes once it has been tried.',
        )
      }
      await updateMessageSettings(input, actor.id)
      return redirectWithNotice(
        '/manager/messages#settings',
        'Reminder settings saved. Reminders planned from now on follow them.',
      )
    },
  })
}

const selectClass = 'mt-1 block rounded-md border border-stone-300 bg-white px-3 py-2'

function hourLabel(hour: number) {
  if (hour === 0) return 'Midnight'
  if (hour === 12) return 'Midday'
  return hour < 12 ? `${hour} am` : `${hour - 12} pm`
}
const HOURS = Array.from({ length: 24 }, (_, hour) => hour)

const NUMBER_SETTINGS = [
  {
    name: 'emailReminderHours',
    label: 'Reminder email (hours before)',
    hint: '0: no reminder emails.',
    max: 336,
  },
  {
    name: 'smsReminderHours',
    label: 'Reminder text (hours before)',
    hint: '0: no reminder texts.',
    max: 336,
  },
  {
    name: 'videoSoonMinutes',
    label: '“Starting soon” text for video sessions (minutes before)',
    hint: 'With the join link. 0: none.',
    max: 120,
  },
  {
    name: 'changeNoticeDelayMinutes',
    label: 'Wait before telling of a change (minutes)',
    hint: 'A move or cancellation undone within this time sends nothing; two quick moves send one notice.',
    max: 60,
  },
] as const
const QUIET_HOURS = [
  { name: 'quietHoursStart', label: 'Quiet hours start' },
  { name: 'quietHoursEnd', label: 'Quiet hours end' },
] as const

type Settings = NonNullable<Awaited<ReturnType<typeof loader>>['settings']>

function SettingsForm({
  settings,
  canChange,
  reply,
}: {
  settings: Settings
  canChange: boolean
  reply: ActionReplyData
}) {
  const [form, fields] = useValidatedForm(
    'reminder-settings',
    messageSettingsSchema,
    replyFor(reply, 'save-settings'),
    settings,
  )
  return (
    <section id="settings" aria-labelledby="settings-title" className="scroll-mt-6">
      <h2 id="settings-title" className="text-lg font-semibold text-stone-900">
        Reminder settings
      </h2>
      <Form
        method="post"
        {...getFormProps(form)}
        className="mt-3 max-w-2xl rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
      >
        <fieldset disabled={!canChange} className="space-y-4">
          <legend className="sr-only">When reminders and change notices go</legend>
          <FormAlert id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="save-settings" />
          <WholeNumberFields settings={NUMBER_SETTINGS} fields={fields} />
          <div>
            <label className="flex items-center gap-2 text-sm font-medium text-stone-800">
              <input
                {...getInputProps(fields.quietHoursEnabled, { type: 'checkbox' })}
                className="size-4 accent-brand-700"
              />
              Quiet hours: a reminder due at night, in the patient’s time zone, goes when they end
            </label>
            <ErrorList id={fields.quietHoursEnabled.errorId} errors={fields.quietHoursEnabled.errors} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            {QUIET_HOURS.map(({ name, label }) => (
              <SelectField
                key={name}
                label={label}
                errors={fields[name].errors}
                selectProps={getSelectProps(fields[name])}
              >
                {HOURS.map((hour) => (
                  <option key={hour} value={hour}>
                    {hourLabel(hour)}
                  </option>
                ))}
              </SelectField>
            ))}
          </div>
          {canChange ? (
            <button type="submit" className={primaryButtonClass}>
              Save reminder settings
            </button>
          ) : (
            <p className="text-sm text-stone-600">Only the practice manager can change these.</p>
          )}
        </fieldset>
      </Form>
    </section>
  )
}

export default function MessagesPage() {
  const { filter, rows, count, failedCount, page, pageCount, canRetry, canChangeSettings, settings } =
    useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const filtered = Boolean(filter.status ?? filter.channel)
  return (
    <div className="space-y-6">
      <PageHeader title="Messages">
        Every email and text Haven sent or tried to send, failures first, then the newest. Times are shown in{' '}
        {DEFAULT_TIME_ZONE.replace('_', ' ')} time.
      </PageHeader>

      {failedCount > 0 && filter.status !== 'failed' ? (
        <p
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          {failedCount} message{failedCount === 1 ? '' : 's'} failed.{' '}
          <Link
            to={listPageLink('/manager/messages', { ...filter, status: 'failed' }, 1)}
            className={linkClass}
          >
            Show only failed
          </Link>
        </p>
      ) : null}

      <Form method="get" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="status" className="block text-sm font-medium text-stone-800">
            State
          </label>
          <select id="status" name="status" defaultValue={filter.status ?? ''} className={selectClass}>
            <option value="">Any</option>
            {MESSAGE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {MESSAGE_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="channel" className="block text-sm font-medium text-stone-800">
            By
          </label>
          <select id="channel" name="channel" defaultValue={filter.channel ?? ''} className={selectClass}>
            <option value="">Email or text</option>
            {MESSAGE_CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {CHANNEL_LABELS[channel]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={primaryButtonClass}>
          Show
        </button>
      </Form>

      {rows.length === 0 ? (
        <p className="text-stone-700">{filtered ? 'No messages match.' : 'No messages yet.'}</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-stone-200 text-sm">
            <caption className="sr-only">Messages, failures first, then newest first</caption>
            <thead className="bg-stone-50 text-left text-stone-600">
              <tr>
                {['What', 'By', 'To', 'Session', 'State', 'When', ''].map((heading) => (
                  <th key={heading} scope="col" className="px-3 py-3 font-medium">
                    {heading || <span className="sr-only">Send again</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100 text-stone-700">
              {rows.map((message) => (
                <tr key={message.id}>
                  <th scope="row" className="px-3 py-2 text-left font-medium text-stone-900">
                    {message.label}
                  </th>
                  <td className="px-3 py-2">{CHANNEL_LABELS[message.channel]}</td>
                  <td className="px-3 py-2">
                    {message.to}
                    {message.appointmentId ? (
                      <span className="block text-stone-500">{RECIPIENT_LABELS[message.recipient]}</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    {message.appointmentId ? (
                      <Link to={`/manager/appointments/${message.appointmentId}`} className={linkClass}>
                        Open<span className="sr-only"> the session</span>
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="max-w-xs px-3 py-2 break-words">
                    <MessageStateText message={message} />
                  </td>
                  <td className="px-3 py-2">
                    <MessageTimesText message={message} timeZone={DEFAULT_TIME_ZONE} />
                  </td>
                  <td className="px-3 py-2">
                    {canRetry && message.status === 'failed' ? (
                      <ActionForm
                        intent="retry"
                        fields={{ messageId: message.id }}
                        row={{ messageId: message.id }}
                        reply={reply}
                      >
                        <button
                          type="submit"
                          className="rounded-md border border-stone-300 bg-white px-3 py-1.5 font-medium whitespace-nowrap text-stone-800 hover:bg-stone-100"
                        >
                          Send again
                        </button>
                      </ActionForm>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        path="/manager/messages"
        filter={filter}
        page={page}
        pageCount={pageCount}
        count={count}
        noun="messages"
      />

      {settings ? (
        <SettingsForm
          key={JSON.stringify(settings)}
          settings={settings}
          canChange={canChangeSettings}
          reply={reply}
        />
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        400: {
          title: 'That request was not understood',
          body: 'It asked for a state, channel or page that does not exist. Open Messages from the menu and try again.',
        },
        403: {
          title: 'Messages are for the practice manager',
          body: 'They show every email and text Haven sends, and let the manager send a failed one again.',
        },
        404: {
          title: 'We could not find that message',
          body: 'Go back to Messages to see the list as it is now.',
        },
      }}
    />
  )
}
