import { type QuestionnaireDefinition } from '../questionnaires.ts'
import { PHQ_ANSWERS } from './phq9.ts'

// Generalized Anxiety Disorder 7-item scale (GAD-7). Items, answers and bands as published in Spitzer RL,
// Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7.
// Arch Intern Med 2006;166(10):1092–1097 (cut-points 5, 10 and 15: 0–4 minimal, 5–9 mild, 10–14
// moderate, 15–21 severe), and the form at phqscreeners.com (free to use, no permission needed).
export const GAD7 = {
  id: 'gad7',
  name: 'GAD-7',
  title: 'Generalised Anxiety Disorder scale (GAD-7)',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  timeFrame: 'the last 2 weeks',
  items: [
    { name: 'q1', text: 'Feeling nervous, anxious, or on edge' },
    { name: 'q2', text: 'Not being able to stop or control worrying' },
    { name: 'q3', text: 'Worrying too much about different things' },
    { name: 'q4', text: 'Trouble relaxing' },
    { name: 'q5', text: 'Being so restless that it is hard to sit still' },
    { name: 'q6', text: 'Becoming easily annoyed or irritable' },
    { name: 'q7', text: 'Feeling afraid, as if something awful might happen' },
  ],
  options: PHQ_ANSWERS,
  scales: [
    {
      key: 'total',
      label: 'Total',
      items: [1, 2, 3, 4, 5, 6, 7],
      multiplier: 1,
      bands: [
        { key: 'minimal', min: 0, max: 4, label: 'Minimal' },
        { key: 'mild', min: 5, max: 9, label: 'Mild' },
        { key: 'moderate', min: 10, max: 14, label: 'Moderate' },
        { key: 'severe', min: 15, max: 21, label: 'Severe' },
      ],
    },
  ],
  riskRules: [{ reason: 'measure_severe', bands: ['severe'] }],
} as const satisfies QuestionnaireDefinition
