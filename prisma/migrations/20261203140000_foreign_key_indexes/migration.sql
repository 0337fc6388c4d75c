-- Every foreign key gets an index that starts with its columns (prisma/constraints.test.ts
-- holds it): deleting or changing a referenced row, and joins from it, no longer scan the table.
CREATE INDEX "Appointment_appointmentTypeId_idx" ON "Appointment"("appointmentTypeId");
CREATE INDEX "Appointment_locationId_idx" ON "Appointment"("locationId");
CREATE INDEX "AppointmentEvent_actorId_idx" ON "AppointmentEvent"("actorId");
CREATE INDEX "AvailabilityRule_locationId_idx" ON "AvailabilityRule"("locationId");
CREATE INDEX "PsychologistFee_appointmentTypeId_idx" ON "PsychologistFee"("appointmentTypeId");
CREATE INDEX "Refund_paymentId_idx" ON "Refund"("paymentId");
CREATE INDEX "Refund_requestedById_idx" ON "Refund"("requestedById");
CREATE INDEX "StoredFile_uploadedById_idx" ON "StoredFile"("uploadedById");
CREATE INDEX "Verification_createdById_idx" ON "Verification"("createdById");
CREATE INDEX "RiskFlag_acknowledgedById_idx" ON "RiskFlag"("acknowledgedById");

-- Who followed a risk flag up is a person: the database now holds it to one (SetNull if the
-- account is ever removed, so the flag and its follow-up time stay).
UPDATE "RiskFlag" SET "acknowledgedById" = NULL
WHERE "acknowledgedById" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" WHERE "User"."id" = "RiskFlag"."acknowledgedById");
ALTER TABLE "RiskFlag" ADD CONSTRAINT "RiskFlag_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- An appointment type has a length and a fee that is never negative.
ALTER TABLE "AppointmentType" ADD CONSTRAINT "AppointmentType_durationMinutes_positive" CHECK ("durationMinutes" > 0);
ALTER TABLE "AppointmentType" ADD CONSTRAINT "AppointmentType_feeCents_not_negative" CHECK ("feeCents" >= 0);
