-- Outcome measures (issue 16): PHQ-9, GAD-7, DASS-21 and K10 assigned by a psychologist, once or
-- before every session, completed by the patient in the portal, scored and kept; a due
-- questionnaire is announced by email and SMS like a reminder.

-- ── Risk flags a response can raise (beside the K10's very high band) ──────────────────────
ALTER TYPE "RiskReason" ADD VALUE 'phq9_item9';
ALTER TYPE "RiskReason" ADD VALUE 'measure_severe';

-- ── Assignments ─────────────────────────────────────────────────────────────────────────
CREATE TABLE "QuestionnaireAssignment" (
  "id" TEXT NOT NULL,
  "patientId" TEXT NOT NULL,
  "assignedById" TEXT NOT NULL,
  "questionnaire" TEXT NOT NULL,
  "schedule" TEXT NOT NULL,
  "active" BOOLEAN DEFAULT true,
  "endedAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "QuestionnaireAssignment_pkey" PRIMARY KEY ("id"),
  -- QUESTIONNAIRE_IDS (app/domain/outcomes/questionnaires.ts) and ASSIGNMENT_SCHEDULES (schedule.ts).
  CONSTRAINT "QuestionnaireAssignment_questionnaire_check" CHECK ("questionnaire" IN ('phq9', 'gad7', 'dass21', 'k10')),
  CONSTRAINT "QuestionnaireAssignment_schedule_check" CHECK ("schedule" IN ('once', 'before_each_session')),
  -- Running (true, not ended) or ended (null, with when): the unique index then allows one running
  -- assignment of a questionnaire per patient and any number of ended ones.
  CONSTRAINT "QuestionnaireAssignment_active_check" CHECK (
    ("active" IS TRUE AND "endedAt" IS NULL) OR ("active" IS NULL AND "endedAt" IS NOT NULL)
  )
);
CREATE UNIQUE INDEX "QuestionnaireAssignment_patientId_questionnaire_active_key"
  ON "QuestionnaireAssignment"("patientId", "questionnaire", "active");
CREATE INDEX "QuestionnaireAssignment_assignedById_idx" ON "QuestionnaireAssignment"("assignedById");
ALTER TABLE "QuestionnaireAssignment" ADD CONSTRAINT "QuestionnaireAssignment_patientId_fkey"
  FOREIGN KEY ("patientId") REFERENCES "PatientProfile"("userId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "QuestionnaireAssignment" ADD CONSTRAINT "QuestionnaireAssignment_assignedById_fkey"
  FOREIGN KEY ("assignedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ── Responses ───────────────────────────────────────────────────────────────────────────
CREATE TABLE "QuestionnaireResponse" (
  "id" TEXT NOT NULL,
  "patientId" TEXT NOT NULL,
  "assignmentId" TEXT,
  "appointmentId" TEXT,
  "questionnaire" TEXT NOT NULL,
  "answers" INTEGER[],
  "total" INTEGER NOT NULL,
  "scaleScores" INTEGER[],
  "bands" TEXT[],
  "onceResponse" BOOLEAN,
  "completedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "QuestionnaireResponse_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "QuestionnaireResponse_questionnaire_check" CHECK ("questionnaire" IN ('phq9', 'gad7', 'dass21', 'k10')),
  -- BAND_KEYS (app/domain/outcomes/questionnaires.ts).
  CONSTRAINT "QuestionnaireResponse_bands_check" CHECK ("bands" <@ ARRAY['minimal', 'normal', 'low', 'mild', 'moderate', 'moderately_severe', 'high', 'severe', 'very_high', 'extremely_severe']::text[]),
  -- Each questionnaire's item count and answer range (app/domain/outcomes/definitions).
  CONSTRAINT "QuestionnaireResponse_answers_check" CHECK (
    "answers" IS NOT NULL
    AND array_position("answers", NULL) IS NULL
    AND CASE "questionnaire"
      WHEN 'phq9' THEN cardinality("answers") = 9 AND 0 <= ALL ("answers") AND 3 >= ALL ("answers")
      WHEN 'gad7' THEN cardinality("answers") = 7 AND 0 <= ALL ("answers") AND 3 >= ALL ("answers")
      WHEN 'dass21' THEN cardinality("answers") = 21 AND 0 <= ALL ("answers") AND 3 >= ALL ("answers")
      WHEN 'k10' THEN cardinality("answers") = 10 AND 1 <= ALL ("answers") AND 5 >= ALL ("answers")
    END
  ),
  CONSTRAINT "QuestionnaireResponse_scores_check" CHECK (
    "total" >= 0
    AND "scaleScores" IS NOT NULL
    AND "bands" IS NOT NULL
    AND array_position("scaleScores", NULL) IS NULL
    AND 0 <= ALL ("scaleScores")
    AND cardinality("bands") = cardinality("scaleScores")
    AND array_position("bands", NULL) IS NULL
  ),
  -- The response completing a once-only assignment is marked true (unique with its assignment);
  -- any other is null, and a response before a session names that session instead.
  CONSTRAINT "QuestionnaireResponse_onceResponse_check" CHECK (
    "onceResponse" IS NULL
    OR ("onceResponse" AND "assignmentId" IS NOT NULL AND "appointmentId" IS NULL)
  )
);
CREATE UNIQUE INDEX "QuestionnaireResponse_assignmentId_appointmentId_key"
  ON "QuestionnaireResponse"("assignmentId", "appointmentId");
CREATE UNIQUE INDEX "QuestionnaireResponse_assignmentId_onceResponse_key"
  ON "QuestionnaireResponse"("assignmentId", "onceResponse");
CREATE INDEX "QuestionnaireResponse_patientId_questionnaire_completedAt_idx"
  ON "QuestionnaireResponse"("patientId", "questionnaire", "completedAt");
CREATE INDEX "QuestionnaireResponse_appointmentId_idx" ON "QuestionnaireResponse"("appointmentId");
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_patientId_fkey"
  FOREIGN KEY ("patientId") REFERENCES "PatientProfile"("userId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_assignmentId_fkey"
  FOREIGN KEY ("assignmentId") REFERENCES "QuestionnaireAssignment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "QuestionnaireResponse" ADD CONSTRAINT "QuestionnaireResponse_appointmentId_fkey"
  FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ── Messages: "Your psychologist has asked you to complete a short questionnaire" ─────────
ALTER TABLE "Message" ADD COLUMN "questionnaireAssignmentId" TEXT;
CREATE INDEX "Message_questionnaireAssignmentId_idx" ON "Message"("questionnaireAssignmentId");
ALTER TABLE "Message" ADD CONSTRAINT "Message_questionnaireAssignmentId_fkey"
  FOREIGN KEY ("questionnaireAssignmentId") REFERENCES "QuestionnaireAssignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- MESSAGE_TEMPLATES (app/domain/notify/templates.ts), with questionnaire-due.
ALTER TABLE "Message" DROP CONSTRAINT "Message_template_check";
ALTER TABLE "Message" ADD CONSTRAINT "Message_template_check" CHECK ("template" IN ('signup-verify', 'signup-existing', 'password-reset', 'staff-invite', 'booking-time-taken', 'appointment-confirmed', 'appointment-moved', 'appointment-cancelled', 'appointment-reminder', 'video-starting-soon', 'psychologist-new-booking', 'psychologist-moved', 'psychologist-cancelled', 'summary-shared', 'questionnaire-due'));
