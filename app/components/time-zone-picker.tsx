import { AUSTRALIAN_TIME_ZONES } from '~/domain/scheduling/directory.ts'

/** Lets the viewer say where they are; every time on the page is then shown in that zone. */
export function TimeZoneSelect({ value }: { value: string }) {
  return (
    <div>
      <label htmlFor="tz" className="block text-sm font-medium text-stone-800">
        Show times for
      </label>
      <select
        id="tz"
        name="tz"
        defaultValue={value}
        className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2"
      >
        {AUSTRALIAN_TIME_ZONES.map((zone) => (
          <option key={zone.value} value={zone.value}>
            {zone.label}
          </option>
        ))}
      </select>
    </div>
  )
}
