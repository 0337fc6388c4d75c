// The session page's buttons, in the house look (brand primary, stone outline, red for ending).
export const primaryButton =
  'inline-flex min-h-11 items-center justify-center rounded-md bg-brand-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-brand-800 disabled:opacity-70'
export const secondaryButton =
  'inline-flex min-h-11 items-center justify-center rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100 disabled:opacity-70 aria-pressed:border-brand-600 aria-pressed:bg-brand-50'
export const dangerButton =
  'inline-flex min-h-11 items-center justify-center rounded-md bg-red-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-red-800 disabled:opacity-70'
