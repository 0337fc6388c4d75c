import { type QuestionnaireDefinition } from '../questionnaires.ts'

// Depression Anxiety Stress Scales, short form (DASS-21). Items, answers, subscales and severity labels
// from Lovibond SH, Lovibond PF. Manual for the Depression Anxiety Stress Scales, 2nd ed. Sydney:
// Psychology Foundation of Australia, 1995, and www2.psy.unsw.edu.au/dass (in the public domain). Each
// subscale's sum is doubled to read on the DASS-42's norms, and the manual's cut-offs apply to the
// doubled score: depression 0–9 normal, 10–13 mild, 14–20 moderate, 21–27 severe, 28+ extremely severe;
// anxiety 0–7, 8–9, 10–14, 15–19, 20+; stress 0–14, 15–18, 19–25, 26–33, 34+.
const bands = (mild: number, moderate: number, severe: number, extremelySevere: number) =>
  [
    { key: 'normal', min: 0, max: mild - 1, label: 'Normal' },
    { key: 'mild', min: mild, max: moderate - 1, label: 'Mild' },
    { key: 'moderate', min: moderate, max: severe - 1, label: 'Moderate' },
    { key: 'severe', min: severe, max: extremelySevere - 1, label: 'Severe' },
    { key: 'extremely_severe', min: extremelySevere, max: 42, label: 'Extremely severe' },
  ] as const

export const DASS21 = {
  id: 'dass21',
  name: 'DASS-21',
  title: 'Depression Anxiety Stress Scales (DASS-21)',
  instructions:
    'Please read each statement and choose the answer which shows how much the statement applied to you over the past week. There are no right or wrong answers. Do not spend too much time on any statement.',
  timeFrame: 'the past week',
  items: [
    { name: 'q1', text: 'I found it hard to wind down' },
    { name: 'q2', text: 'I was aware of dryness of my mouth' },
    { name: 'q3', text: 'I couldn’t seem to experience any positive feeling at all' },
    {
      name: 'q4',
      text: 'I experienced breathing difficulty (e.g. excessively rapid breathing, breathlessness in the absence of physical exertion)',
    },
    { name: 'q5', text: 'I found it difficult to work up the initiative to do things' },
    { name: 'q6', text: 'I tended to over-react to situations' },
    { name: 'q7', text: 'I experienced trembling (e.g. in the hands)' },
    { name: 'q8', text: 'I felt that I was using a lot of nervous energy' },
    { name: 'q9', text: 'I was worried about situations in which I might panic and make a fool of myself' },
    { name: 'q10', text: 'I felt that I had nothing to look forward to' },
    { name: 'q11', text: 'I found myself getting agitated' },
    { name: 'q12', text: 'I found it difficult to relax' },
    { name: 'q13', text: 'I felt down-hearted and blue' },
    { name: 'q14', text: 'I was intolerant of anything that kept me from getting on with what I was doing' },
    { name: 'q15', text: 'I felt I was close to panic' },
    { name: 'q16', text: 'I was unable to become enthusiastic about anything' },
    { name: 'q17', text: 'I felt I wasn’t worth much as a person' },
    { name: 'q18', text: 'I felt that I was rather touchy' },
    {
      name: 'q19',
      text: 'I was aware of the action of my heart in the absence of physical exertion (e.g. sense of heart rate increase, heart missing a beat)',
    },
    { name: 'q20', text: 'I felt scared without any good reason' },
    { name: 'q21', text: 'I felt that life was meaningless' },
  ],
  options: [
    { value: 0, label: 'Did not apply to me at all' },
    { value: 1, label: 'Applied to me to some degree, or some of the time' },
    { value: 2, label: 'Applied to me to a considerable degree, or a good part of time' },
    { value: 3, label: 'Applied to me very much, or most of the time' },
  ],
  scales: [
    {
      key: 'depression',
      label: 'Depression',
      items: [3, 5, 10, 13, 16, 17, 21],
      multiplier: 2,
      bands: bands(10, 14, 21, 28),
    },
    {
      key: 'anxiety',
      label: 'Anxiety',
      items: [2, 4, 7, 9, 15, 19, 20],
      multiplier: 2,
      bands: bands(8, 10, 15, 20),
    },
    {
      key: 'stress',
      label: 'Stress',
      items: [1, 6, 8, 11, 12, 14, 18],
      multiplier: 2,
      bands: bands(15, 19, 26, 34),
    },
  ],
  riskRules: [{ reason: 'measure_severe', bands: ['severe', 'extremely_severe'] }],
} as const satisfies QuestionnaireDefinition
