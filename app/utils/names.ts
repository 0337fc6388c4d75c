/** "Alex P.": enough for a psychologist to know whose session it is, without the full name. */
export function shortName(name: string) {
  const [first = name, ...rest] = name.trim().split(/\s+/)
  const initial = rest.at(-1)?.[0]
  return initial ? `${first} ${initial.toUpperCase()}.` : first
}
