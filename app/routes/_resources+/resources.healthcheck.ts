import { checkHealth } from '~/utils/health.server.ts'

// For Fly's checks and uptime monitors: is the database answering, and is the job queue installed?
export async function loader() {
  const health = await checkHealth()
  return Response.json(health, {
    status: health.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  })
}
