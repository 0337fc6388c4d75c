import { type QuestionnaireDefinition } from '../questionnaires.ts'

/** Each K10 question begins with these words. */
export const K10_STEM = 'In the past 4 weeks, about how often did you feel'

// Kessler Psychological Distress Scale (K10): Kessler RC et al. Psychol Med 2002;32(6):959–976. Australian
// scoring (1–5 per item, total 10–50), as in ABS surveys; the US scores 0–4 (total 0–40). Bands are the
// ABS groupings (Information Paper 4817.0.55.001, "Use of the Kessler Psychological Distress Scale in
// ABS Health Surveys", 2012, Table E), also used in the National Health Survey users' guides. Primary
// care sometimes uses other cut-offs (Andrews & Slade 2001: 10–19 likely well … 30–50 likely severe
// disorder). "Very high" (30+) raises the flag: crisis lines at once, and the clinician told.
export const K10 = {
  id: 'k10',
  name: 'K10',
  title: 'Kessler Psychological Distress Scale (K10)',
  instructions:
    'These ten questions ask how you have been feeling in the past 4 weeks. For each one, choose the answer that best describes how often you felt that way.',
  timeFrame: 'the past 4 weeks',
  items: [
    { name: 'q1', text: `${K10_STEM} tired out for no good reason?` },
    { name: 'q2', text: `${K10_STEM} nervous?` },
    { name: 'q3', text: `${K10_STEM} so nervous that nothing could calm you down?` },
    { name: 'q4', text: `${K10_STEM} hopeless?` },
    { name: 'q5', text: `${K10_STEM} restless or fidgety?` },
    { name: 'q6', text: `${K10_STEM} so restless you could not sit still?` },
    { name: 'q7', text: `${K10_STEM} depressed?` },
    { name: 'q8', text: `${K10_STEM} that everything was an effort?` },
    { name: 'q9', text: `${K10_STEM} so sad that nothing could cheer you up?` },
    { name: 'q10', text: `${K10_STEM} worthless?` },
  ],
  options: [
    { value: 1, label: 'None of the time' },
    { value: 2, label: 'A little of the time' },
    { value: 3, label: 'Some of the time' },
    { value: 4, label: 'Most of the time' },
    { value: 5, label: 'All of the time' },
  ],
  scales: [
    {
      key: 'total',
      label: 'Total',
      items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      multiplier: 1,
      bands: [
        { key: 'low', min: 10, max: 15, label: 'Low distress' },
        { key: 'moderate', min: 16, max: 21, label: 'Moderate distress' },
        { key: 'high', min: 22, max: 29, label: 'High distress' },
        { key: 'very_high', min: 30, max: 50, label: 'Very high distress' },
      ],
    },
  ],
  riskRules: [{ reason: 'k10_very_high', bands: ['very_high'] }],
} as const satisfies QuestionnaireDefinition
