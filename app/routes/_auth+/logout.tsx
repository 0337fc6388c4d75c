import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { destroySession } from '~/utils/auth.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect('/login', { headers: { 'Set-Cookie': await destroySession(request) } })
}
