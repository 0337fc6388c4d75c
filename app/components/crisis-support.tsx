/** Where to get help now. Shown at once when answers suggest someone may be at risk. */
export function CrisisSupport({
  announce = false,
  afterwards = 'You can keep going with the intake and book as usual.',
}: {
  announce?: boolean
  /** What the person can do next, where they are. */
  afterwards?: string
}) {
  return (
    <section
      aria-labelledby="crisis-support-title"
      role={announce ? 'alert' : undefined}
      className="rounded-xl border-2 border-amber-300 bg-amber-50 p-5 text-amber-950"
    >
      <h2 id="crisis-support-title" className="text-lg font-semibold">
        If you need support right now
      </h2>
      <ul className="mt-2 space-y-1">
        <li>
          In an emergency, or if you might act on thoughts of harming yourself, call{' '}
          <a href="tel:000" className="font-semibold underline">
            000
          </a>
          .
        </li>
        <li>
          Lifeline, 24 hours, every day:{' '}
          <a href="tel:131114" className="font-semibold underline">
            13 11 14
          </a>{' '}
          (or text 0477 13 11 14).
        </li>
        <li>
          Suicide Call Back Service:{' '}
          <a href="tel:1300659467" className="font-semibold underline">
            1300 659 467
          </a>
          .
        </li>
      </ul>
      <p className="mt-3 text-sm">
        Thank you for telling us. Your psychologist and our practice team have been let know, and someone will
        reach out. {afterwards}
      </p>
    </section>
  )
}
