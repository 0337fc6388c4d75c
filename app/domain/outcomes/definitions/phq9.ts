import { type QuestionnaireDefinition } from '../questionnaires.ts'

// Patient Health Questionnaire (PHQ-9). Items, answers and severity bands as published in Kroenke K,
// Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern
// Med 2001;16(9):606–613 (Table 3: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe,
// 20–27 severe), and the form at phqscreeners.com (free to use, no permission needed). Item 9 answered
// above "Not at all" needs follow-up whatever the total (the PHQ-9 instructions for use).
/** The answers of the PHQ screeners, the GAD-7's too: how often over the last 2 weeks. */
export const PHQ_ANSWERS = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
] as const

export const PHQ9 = {
  id: 'phq9',
  name: 'PHQ-9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  instructions: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  timeFrame: 'the last 2 weeks',
  items: [
    { name: 'q1', text: 'Little interest or pleasure in doing things' },
    { name: 'q2', text: 'Feeling down, depressed, or hopeless' },
    { name: 'q3', text: 'Trouble falling or staying asleep, or sleeping too much' },
    { name: 'q4', text: 'Feeling tired or having little energy' },
    { name: 'q5', text: 'Poor appetite or overeating' },
    {
      name: 'q6',
      text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    },
    {
      name: 'q7',
      text: 'Trouble concentrating on things, such as reading the newspaper or watching television',
    },
    {
      name: 'q8',
      text: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    },
    { name: 'q9', text: 'Thoughts that you would be better off dead or of hurting yourself in some way' },
  ],
  options: PHQ_ANSWERS,
  scales: [
    {
      key: 'total',
      label: 'Total',
      items: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      multiplier: 1,
      bands: [
        { key: 'minimal', min: 0, max: 4, label: 'Minimal' },
        { key: 'mild', min: 5, max: 9, label: 'Mild' },
        { key: 'moderate', min: 10, max: 14, label: 'Moderate' },
        { key: 'moderately_severe', min: 15, max: 19, label: 'Moderately severe' },
        { key: 'severe', min: 20, max: 27, label: 'Severe' },
      ],
    },
  ],
  riskRules: [
    { reason: 'phq9_item9', item: 9, atLeast: 1 },
    { reason: 'measure_severe', bands: ['severe'] },
  ],
} as const satisfies QuestionnaireDefinition
