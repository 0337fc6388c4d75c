-- Clinical notes (issue 16): a note per session, drafted then signed and locked, with addenda;
-- the audit trail learns whose record was touched and from where; managers read notes only by a
-- permission granted to them in person.

-- ── Audit: whose health information, and from where ─────────────────────────────────────
ALTER TABLE "AuditEvent"
  ADD COLUMN "patientId" TEXT,
  ADD COLUMN "ipAddress" TEXT,
  ADD COLUMN "path" TEXT;
CREATE INDEX "AuditEvent_patientId_at_idx" ON "AuditEvent"("patientId", "at");
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_patientId_fkey"
  FOREIGN KEY ("patientId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ── Permissions granted to one person, beside those of their roles ──────────────────────
CREATE TABLE "UserPermission" (
  "userId" TEXT NOT NULL,
  "permissionId" TEXT NOT NULL,
  "grantedById" TEXT,
  "grantedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "UserPermission_pkey" PRIMARY KEY ("userId", "permissionId")
);
CREATE INDEX "UserPermission_permissionId_idx" ON "UserPermission"("permissionId");
CREATE INDEX "UserPermission_grantedById_idx" ON "UserPermission"("grantedById");
ALTER TABLE "UserPermission" ADD CONSTRAINT "UserPermission_userId_fkey"
  FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UserPermission" ADD CONSTRAINT "UserPermission_permissionId_fkey"
  FOREIGN KEY ("permissionId") REFERENCES "Permission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UserPermission" ADD CONSTRAINT "UserPermission_grantedById_fkey"
  FOREIGN KEY ("grantedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ── Practice: may a patient's other psychologists (their care team) read and add to notes? ──
ALTER TABLE "Practice" ADD COLUMN "notesCareTeamAccess" BOOLEAN NOT NULL DEFAULT false;

-- ── A note's risk assessment raises the patient's flag as the intake does ───────────────
ALTER TYPE "RiskReason" ADD VALUE 'note_risk';

-- ── Notes ──────────────────────────────────────────────────────────────────────────────
CREATE TABLE "ClinicalNote" (
  "id" TEXT NOT NULL,
  "appointmentId" TEXT NOT NULL,
  "patientId" TEXT NOT NULL,
  "authorId" TEXT NOT NULL,
  "template" TEXT NOT NULL,
  "contentCipher" BYTEA NOT NULL,
  "contentKeyId" TEXT NOT NULL,
  "riskLevel" TEXT NOT NULL DEFAULT 'not_assessed',
  "status" TEXT NOT NULL DEFAULT 'draft',
  "version" INTEGER NOT NULL DEFAULT 1,
  "contentHash" TEXT,
  "signedAt" TIMESTAMPTZ(3),
  "signedById" TEXT,
  "enteredInErrorAt" TIMESTAMPTZ(3),
  "enteredInErrorById" TEXT,
  "enteredInErrorReason" TEXT NOT NULL DEFAULT '',
  "current" BOOLEAN DEFAULT true,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "ClinicalNote_pkey" PRIMARY KEY ("id"),
  -- NOTE_TEMPLATES, NOTE_STATUSES and RISK_LEVELS (app/domain/records/notes.ts).
  CONSTRAINT "ClinicalNote_template_check" CHECK ("template" IN ('soap', 'dap', 'free')),
  CONSTRAINT "ClinicalNote_status_check" CHECK ("status" IN ('draft', 'signed')),
  CONSTRAINT "ClinicalNote_riskLevel_check" CHECK ("riskLevel" IN ('not_assessed', 'none', 'low', 'moderate', 'high')),
  CONSTRAINT "ClinicalNote_signed_check" CHECK (
    ("status" = 'signed') = ("signedAt" IS NOT NULL AND "signedById" IS NOT NULL AND "contentHash" IS NOT NULL)
  ),
  CONSTRAINT "ClinicalNote_contentHash_check" CHECK ("contentHash" IS NULL OR "contentHash" ~ '^[0-9a-f]{64}$'),
  -- "current" is true until the note is marked entered in error, then null: with the unique index
  -- below, one current note a session.
  CONSTRAINT "ClinicalNote_current_check" CHECK (
    "current" AND "enteredInErrorAt" IS NULL
    OR "current" IS NULL AND "enteredInErrorAt" IS NOT NULL AND "enteredInErrorById" IS NOT NULL
      AND length(btrim("enteredInErrorReason")) > 0
  ),
  CONSTRAINT "ClinicalNote_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "ClinicalNote_appointmentId_current_key" ON "ClinicalNote"("appointmentId", "current");
CREATE INDEX "ClinicalNote_patientId_createdAt_idx" ON "ClinicalNote"("patientId", "createdAt");
CREATE INDEX "ClinicalNote_authorId_status_idx" ON "ClinicalNote"("authorId", "status");
CREATE INDEX "ClinicalNote_signedById_idx" ON "ClinicalNote"("signedById");
CREATE INDEX "ClinicalNote_enteredInErrorById_idx" ON "ClinicalNote"("enteredInErrorById");
ALTER TABLE "ClinicalNote" ADD CONSTRAINT "ClinicalNote_appointmentId_fkey"
  FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ClinicalNote" ADD CONSTRAINT "ClinicalNote_patientId_fkey"
  FOREIGN KEY ("patientId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ClinicalNote" ADD CONSTRAINT "ClinicalNote_authorId_fkey"
  FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ClinicalNote" ADD CONSTRAINT "ClinicalNote_signedById_fkey"
  FOREIGN KEY ("signedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ClinicalNote" ADD CONSTRAINT "ClinicalNote_enteredInErrorById_fkey"
  FOREIGN KEY ("enteredInErrorById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ClinicalNoteAddendum" (
  "id" TEXT NOT NULL,
  "noteId" TEXT NOT NULL,
  "authorId" TEXT NOT NULL,
  "textCipher" BYTEA NOT NULL,
  "textKeyId" TEXT NOT NULL,
  "contentHash" TEXT NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ClinicalNoteAddendum_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ClinicalNoteAddendum_contentHash_check" CHECK ("contentHash" ~ '^[0-9a-f]{64}$')
);
CREATE INDEX "ClinicalNoteAddendum_noteId_createdAt_idx" ON "ClinicalNoteAddendum"("noteId", "createdAt");
CREATE INDEX "ClinicalNoteAddendum_authorId_idx" ON "ClinicalNoteAddendum"("authorId");
ALTER TABLE "ClinicalNoteAddendum" ADD CONSTRAINT "ClinicalNoteAddendum_noteId_fkey"
  FOREIGN KEY ("noteId") REFERENCES "ClinicalNote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ClinicalNoteAddendum" ADD CONSTRAINT "ClinicalNoteAddendum_authorId_fkey"
  FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ── The record's rules, held by the database whatever the code does ─────────────────────
-- SQLSTATE HV001: a signed note, an addendum or an entry in error was to be changed or deleted.
-- The app answers it with a clear refusal (app/utils/db-errors.server.ts).
CREATE FUNCTION "clinical_note_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'A clinical note is never deleted: mark it entered in error instead'
      USING ERRCODE = 'HV001';
  END IF;
  -- Once entered in error, a note's marking is final.
  IF OLD."enteredInErrorAt" IS NOT NULL AND (
    NEW."enteredInErrorAt" IS DISTINCT FROM OLD."enteredInErrorAt"
    OR NEW."enteredInErrorById" IS DISTINCT FROM OLD."enteredInErrorById"
    OR NEW."enteredInErrorReason" IS DISTINCT FROM OLD."enteredInErrorReason"
    OR NEW."current" IS DISTINCT FROM OLD."current"
  ) THEN
    RAISE EXCEPTION 'This note was entered in error; that marking cannot change' USING ERRCODE = 'HV001';
  END IF;
  -- A note in error is no longer edited, signed or not.
  IF OLD."enteredInErrorAt" IS NOT NULL AND OLD."status" = 'draft' AND (
    NEW."status" <> OLD."status" OR NEW."contentCipher" IS DISTINCT FROM OLD."contentCipher"
      AND NEW."contentKeyId" = OLD."contentKeyId"
  ) THEN
    RAISE EXCEPTION 'This note was entered in error and cannot be edited' USING ERRCODE = 'HV001';
  END IF;
  IF OLD."status" = 'signed' AND (
    NEW."status" <> OLD."status"
    OR NEW."template" <> OLD."template"
    OR NEW."riskLevel" <> OLD."riskLevel"
    OR NEW."version" <> OLD."version"
    OR NEW."contentHash" IS DISTINCT FROM OLD."contentHash"
    OR NEW."signedAt" IS DISTINCT FROM OLD."signedAt"
    OR NEW."signedById" IS DISTINCT FROM OLD."signedById"
    OR NEW."appointmentId" <> OLD."appointmentId"
    OR NEW."patientId" <> OLD."patientId"
    OR NEW."authorId" <> OLD."authorId"
    OR NEW."createdAt" <> OLD."createdAt"
    -- Re-sealing under a new key (the rotation command) changes the ciphertext and its key id
    -- together; the content hash above stays, and the app checks it on every read.
    OR NEW."contentCipher" <> OLD."contentCipher" AND NEW."contentKeyId" = OLD."contentKeyId"
  ) THEN
    RAISE EXCEPTION 'This note is signed and locked: add an addendum instead' USING ERRCODE = 'HV001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "ClinicalNote_guard" BEFORE UPDATE OR DELETE ON "ClinicalNote"
  FOR EACH ROW EXECUTE FUNCTION "clinical_note_guard"();

CREATE FUNCTION "clinical_note_addendum_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (
      SELECT 1 FROM "ClinicalNote" n
      WHERE n."id" = NEW."noteId" AND n."status" = 'signed' AND n."enteredInErrorAt" IS NULL
    ) THEN
      RAISE EXCEPTION 'An addendum is added only to a signed note that is not in error' USING ERRCODE = 'HV001';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'An addendum is never deleted' USING ERRCODE = 'HV001';
  END IF;
  IF NEW."noteId" <> OLD."noteId"
    OR NEW."authorId" <> OLD."authorId"
    OR NEW."contentHash" <> OLD."contentHash"
    OR NEW."createdAt" <> OLD."createdAt"
    OR NEW."textCipher" <> OLD."textCipher" AND NEW."textKeyId" = OLD."textKeyId"
  THEN
    RAISE EXCEPTION 'An addendum cannot be changed once written' USING ERRCODE = 'HV001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "ClinicalNoteAddendum_guard" BEFORE INSERT OR UPDATE OR DELETE ON "ClinicalNoteAddendum"
  FOR EACH ROW EXECUTE FUNCTION "clinical_note_addendum_guard"();

-- TRUNCATE skips row triggers: refuse it on the record's tables too.
CREATE FUNCTION "clinical_record_no_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Clinical records are never deleted' USING ERRCODE = 'HV001';
END
$$;
CREATE TRIGGER "ClinicalNote_no_truncate" BEFORE TRUNCATE ON "ClinicalNote"
  FOR EACH STATEMENT EXECUTE FUNCTION "clinical_record_no_truncate"();
CREATE TRIGGER "ClinicalNoteAddendum_no_truncate" BEFORE TRUNCATE ON "ClinicalNoteAddendum"
  FOR EACH STATEMENT EXECUTE FUNCTION "clinical_record_no_truncate"();
