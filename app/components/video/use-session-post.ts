import { useFetcher } from '@remix-run/react'
import { useCallback, useEffect, useRef } from 'react'
import { type SessionActionData } from '~/domain/telehealth/session-view.ts'
import { type SessionIntent } from './session-state.ts'

/**
 * Posts an intent to the session page's own URL and hands each answer over once, with the intent
 * it answers. Each concern (polling, joining, the buttons, the network test) has its own, so a
 * poll never cancels a click. The answer can hold a token: it is passed on, never kept here.
 */
export function useSessionPost(onAnswer: (intent: SessionIntent, data: SessionActionData) => void) {
  const fetcher = useFetcher<SessionActionData>()
  const sent = useRef<SessionIntent | null>(null)
  const delivered = useRef<unknown>(undefined)
  const latest = useRef({ onAnswer, submit: fetcher.submit })
  useEffect(() => {
    latest.current = { onAnswer, submit: fetcher.submit }
  })

  useEffect(() => {
    const data = fetcher.data as SessionActionData | undefined
    if (fetcher.state !== 'idle' || !data || data === delivered.current || !sent.current) return
    delivered.current = data
    latest.current.onAnswer(sent.current, data)
  }, [fetcher.state, fetcher.data])

  const post = useCallback((intent: SessionIntent) => {
    sent.current = intent
    latest.current.submit({ intent }, { method: 'post' })
  }, [])

  return { post, busy: fetcher.state !== 'idle' }
}
