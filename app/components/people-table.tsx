import { ActionForm, type ActionReplyData } from '~/components/forms.tsx'

type PersonRow = {
  id: string
  name: string
  email: string
  status: string
  roles: string[]
  registrationType: string | null
  invitationPending: boolean
  activeSessions: number
}

function describeRole(person: PersonRow) {
  if (person.roles.includes('manager')) return 'Practice manager'
  if (person.roles.includes('psychologist')) {
    return person.registrationType === 'clinical' ? 'Clinical psychologist' : 'Registered psychologist'
  }
  return 'Patient'
}

/** A list of people with the manager's "sign out everywhere" control. */
export function PeopleTable({
  people,
  caption,
  reply,
}: {
  people: PersonRow[]
  caption: string
  /** The page's action reply: a refused "sign out everywhere" shows in its row. */
  reply: ActionReplyData
}) {
  return (
    <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-stone-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-stone-50 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Email
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Role
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Signed in on
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {people.map((person) => (
            <tr key={person.id}>
              <th scope="row" className="px-4 py-3 text-left font-medium text-stone-900">
                {person.name}
                {person.invitationPending ? (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                    Invited
                  </span>
                ) : null}
              </th>
              <td className="px-4 py-3 text-stone-700">{person.email}</td>
              <td className="px-4 py-3 text-stone-700">{describeRole(person)}</td>
              <td className="px-4 py-3 text-stone-700">
                {person.activeSessions === 1 ? '1 device' : `${person.activeSessions} devices`}
              </td>
              <td className="px-4 py-3 text-right">
                {person.activeSessions > 0 ? (
                  <ActionForm
                    intent="sign-out-everywhere"
                    fields={{ userId: person.id }}
                    row={{ userId: person.id }}
                    reply={reply}
                  >
                    <button
                      type="submit"
                      aria-label={`Sign ${person.name} out everywhere`}
                      className="rounded-md border border-stone-300 px-3 py-1.5 font-medium text-stone-800 hover:bg-stone-100"
                    >
                      Sign out everywhere
                    </button>
                  </ActionForm>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
