-- Session summaries (issue 16): what a psychologist shares with the patient after a session, in
-- plain language, sealed like the note; worksheets are stored files of the summary; publishing
-- emails the patient that something new is there (no content in the email).

CREATE TABLE "SessionSummary" (
  "id" TEXT NOT NULL,
  "appointmentId" TEXT NOT NULL,
  "patientId" TEXT NOT NULL,
  "authorId" TEXT NOT NULL,
  "contentCipher" BYTEA NOT NULL,
  "contentKeyId" TEXT NOT NULL,
  "version" INTEGER NOT NULL DEFAULT 1,
  "publishedAt" TIMESTAMPTZ(3),
  "publishedById" TEXT,
  "correctedAt" TIMESTAMPTZ(3),
  "patientReadAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "SessionSummary_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "SessionSummary_version_check" CHECK ("version" >= 1),
  CONSTRAINT "SessionSummary_published_check" CHECK (("publishedAt" IS NULL) = ("publishedById" IS NULL)),
  -- A correction, and the patient having read it, only follow a publication.
  CONSTRAINT "SessionSummary_correctedAt_check" CHECK ("correctedAt" IS NULL OR "publishedAt" IS NOT NULL),
  CONSTRAINT "SessionSummary_patientReadAt_check" CHECK ("patientReadAt" IS NULL OR "publishedAt" IS NOT NULL)
);
CREATE UNIQUE INDEX "SessionSummary_appointmentId_key" ON "SessionSummary"("appointmentId");
CREATE INDEX "SessionSummary_patientId_publishedAt_idx" ON "SessionSummary"("patientId", "publishedAt");
CREATE INDEX "SessionSummary_authorId_idx" ON "SessionSummary"("authorId");
CREATE INDEX "SessionSummary_publishedById_idx" ON "SessionSummary"("publishedById");
ALTER TABLE "SessionSummary" ADD CONSTRAINT "SessionSummary_appointmentId_fkey"
  FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SessionSummary" ADD CONSTRAINT "SessionSummary_patientId_fkey"
  FOREIGN KEY ("patientId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SessionSummary" ADD CONSTRAINT "SessionSummary_authorId_fkey"
  FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SessionSummary" ADD CONSTRAINT "SessionSummary_publishedById_fkey"
  FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ── Worksheets: stored files that belong to a summary ──────────────────────────────────
ALTER TABLE "StoredFile" ADD COLUMN "summaryId" TEXT;
CREATE INDEX "StoredFile_summaryId_idx" ON "StoredFile"("summaryId");
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_summaryId_fkey"
  FOREIGN KEY ("summaryId") REFERENCES "SessionSummary"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- FILE_PURPOSES (app/domain/patients/files.server.ts).
ALTER TABLE "StoredFile" DROP CONSTRAINT "StoredFile_purpose_check";
ALTER TABLE "StoredFile"
  ADD CONSTRAINT "StoredFile_purpose_check" CHECK ("purpose" IN ('referral_letter', 'worksheet')),
  ADD CONSTRAINT "StoredFile_summaryId_check" CHECK (("purpose" = 'worksheet') = ("summaryId" IS NOT NULL));

-- MESSAGE_TEMPLATES (app/domain/notify/templates.ts).
ALTER TABLE "Message" DROP CONSTRAINT "Message_template_check";
ALTER TABLE "Message"
  ADD CONSTRAINT "Message_template_check" CHECK ("template" IN ('signup-verify', 'signup-existing', 'password-reset', 'staff-invite', 'booking-time-taken', 'appointment-confirmed', 'appointment-moved', 'appointment-cancelled', 'appointment-reminder', 'video-starting-soon', 'psychologist-new-booking', 'psychologist-moved', 'psychologist-cancelled', 'summary-shared'));

-- ── The summary's rules, held by the database whatever the code does ───────────────────
-- SQLSTATE HV001, as for notes (app/utils/db-errors.server.ts).
CREATE FUNCTION "session_summary_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'A session summary is never deleted' USING ERRCODE = 'HV001';
  END IF;
  -- Shared with the appointment's own patient, never anyone else.
  IF NOT EXISTS (
    SELECT 1 FROM "Appointment" a WHERE a."id" = NEW."appointmentId" AND a."patientId" = NEW."patientId"
  ) THEN
    RAISE EXCEPTION 'A session summary belongs to its appointment''s patient' USING ERRCODE = 'HV001';
  END IF;
  IF TG_OP = 'UPDATE' AND (
    NEW."appointmentId" <> OLD."appointmentId"
    OR NEW."authorId" <> OLD."authorId"
    OR NEW."createdAt" <> OLD."createdAt"
    -- What the patient was shown, and when, stays on record.
    OR OLD."publishedAt" IS NOT NULL AND (
      NEW."publishedAt" IS DISTINCT FROM OLD."publishedAt"
      OR NEW."publishedById" IS DISTINCT FROM OLD."publishedById"
    )
  ) THEN
    RAISE EXCEPTION 'A session summary keeps its session, author and first publication' USING ERRCODE = 'HV001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "SessionSummary_guard" BEFORE INSERT OR UPDATE OR DELETE ON "SessionSummary"
  FOR EACH ROW EXECUTE FUNCTION "session_summary_guard"();

-- A worksheet is the summary's patient's, and changes only while the summary is a draft: once
-- shared, the patient may have downloaded it.
CREATE FUNCTION "worksheet_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."summaryId" IS NOT NULL AND EXISTS (
    SELECT 1 FROM "SessionSummary" s WHERE s."id" = OLD."summaryId" AND s."publishedAt" IS NOT NULL
  ) THEN
    RAISE EXCEPTION 'A shared summary''s worksheets do not change' USING ERRCODE = 'HV001';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."summaryId" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "SessionSummary" s
    WHERE s."id" = NEW."summaryId" AND s."patientId" = NEW."patientId" AND s."publishedAt" IS NULL
  ) THEN
    RAISE EXCEPTION 'A worksheet is added only to a draft summary of the same patient' USING ERRCODE = 'HV001';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "StoredFile_worksheet_guard" BEFORE INSERT OR UPDATE OR DELETE ON "StoredFile"
  FOR EACH ROW EXECUTE FUNCTION "worksheet_guard"();
