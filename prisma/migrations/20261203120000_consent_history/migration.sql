-- CreateEnum
CREATE TYPE "ConsentSource" AS ENUM ('intake', 'consents_page', 'backfill');

-- CreateTable
CREATE TABLE "ConsentDecision" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "PolicyKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "source" "ConsentSource" NOT NULL,

    CONSTRAINT "ConsentDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsentDecision_userId_kind_decidedAt_idx" ON "ConsentDecision"("userId", "kind", "decidedAt");

-- CreateIndex
CREATE INDEX "ConsentDecision_kind_version_idx" ON "ConsentDecision"("kind", "version");

-- CreateIndex
CREATE INDEX "ConsentDecision_actorId_idx" ON "ConsentDecision"("actorId");

-- AddForeignKey
ALTER TABLE "ConsentDecision" ADD CONSTRAINT "ConsentDecision_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentDecision" ADD CONSTRAINT "ConsentDecision_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentDecision" ADD CONSTRAINT "ConsentDecision_kind_version_fkey" FOREIGN KEY ("kind", "version") REFERENCES "Policy"("kind", "version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The history so far: each person's standing decision per policy version, made by themself
-- (earlier changes of mind survive only in the consent.recorded audit events).
INSERT INTO "ConsentDecision" ("id", "userId", "kind", "version", "accepted", "decidedAt", "actorId", "source")
SELECT r."id", r."userId", p."kind", p."version", r."accepted", r."decidedAt", r."userId", 'backfill'
FROM "ConsentRecord" r
JOIN "Policy" p ON p."id" = r."policyId";

-- Consent history is evidence: rows are only ever added. (TRUNCATE, the owner's wholesale reset,
-- is not a row change and stays possible.)
CREATE FUNCTION "consent_decision_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ConsentDecision is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER "ConsentDecision_append_only"
BEFORE UPDATE OR DELETE ON "ConsentDecision"
FOR EACH ROW EXECUTE FUNCTION "consent_decision_append_only"();
