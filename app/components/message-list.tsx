import { CHANNEL_LABELS, MESSAGE_STATUS_LABELS, RECIPIENT_LABELS } from '~/domain/notify/message-settings.ts'
import { type MessageView } from '~/domain/notify/message-views.server.ts'
import { formatZonedTime } from '~/utils/time.ts'

type MessageState = Pick<MessageView, 'status' | 'skipReason' | 'lastError' | 'attempts'>
type MessageTimes = Pick<MessageView, 'status' | 'sendAt' | 'sentAt' | 'deliveredAt' | 'createdAt'>

/** A message's state, and why when it did not go: the skip's reason or the vendor's last words. */
export function MessageStateText({ message }: { message: MessageState }) {
  const why = message.status === 'skipped' ? message.skipReason : message.lastError
  const tries =
    message.status === 'failed' || (message.status === 'queued' && message.attempts > 0)
      ? ` after ${message.attempts} ${message.attempts === 1 ? 'try' : 'tries'}`
      : ''
  return (
    <>
      <span className="font-medium text-stone-900">
        {MESSAGE_STATUS_LABELS[message.status]}
        {tries}
      </span>
      {why ? <span className="block text-stone-600">{why}</span> : null}
    </>
  )
}

/** When it is due, went and arrived, as far as it got; in the zone named. */
export function MessageTimesText({ message, timeZone }: { message: MessageTimes; timeZone: string }) {
  const at = (instant: string) => <time dateTime={instant}>{formatZonedTime(instant, timeZone)}</time>
  const known: [string, string | null][] = [
    ['Due', message.status === 'queued' ? message.sendAt : null],
    ['Sent', message.sentAt],
    ['Delivered', message.deliveredAt],
  ]
  const lines = known.filter((line): line is [string, string] => line[1] !== null)
  if (lines.length === 0) lines.push(['Recorded', message.createdAt])
  return (
    <>
      {lines.map(([label, instant]) => (
        <span key={label} className="block whitespace-nowrap">
          {label} {at(instant)}
        </span>
      ))}
    </>
  )
}

/** An appointment's messages for staff: by which channel, what, to whom, how it went and when. */
export function AppointmentMessages({ messages, timeZone }: { messages: MessageView[]; timeZone: string }) {
  return (
    <section aria-labelledby="messages">
      <h2 id="messages" className="text-base font-semibold text-stone-900">
        Messages
      </h2>
      {messages.length === 0 ? (
        <p className="mt-2 text-sm text-stone-700">No messages about this session yet.</p>
      ) : (
        <div className="mt-2 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-stone-200 text-sm">
            <caption className="sr-only">Messages about this session, oldest first</caption>
            <thead className="bg-stone-50 text-left text-stone-600">
              <tr>
                {['What', 'By', 'To', 'State', 'When'].map((heading) => (
                  <th key={heading} scope="col" className="px-3 py-2 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100 text-stone-700">
              {messages.map((message) => (
                <tr key={message.id}>
                  <th scope="row" className="px-3 py-2 text-left font-medium text-stone-900">
                    {message.label}
                  </th>
                  <td className="px-3 py-2">{CHANNEL_LABELS[message.channel]}</td>
                  <td className="px-3 py-2">{RECIPIENT_LABELS[message.recipient]}</td>
                  <td className="max-w-xs px-3 py-2 break-words">
                    <MessageStateText message={message} />
                  </td>
                  <td className="px-3 py-2">
                    <MessageTimesText message={message} timeZone={timeZone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
