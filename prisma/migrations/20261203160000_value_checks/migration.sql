-- Strings used as enums hold only the values Haven writes. Each list is one TypeScript constant
-- in the code that writes it; prisma/constraints.test.ts holds the two equal.

-- Halaxy requests and findings (SYNC_OPERATIONS, SYNC_OUTCOMES in app/domain/halaxy/sync-states.ts).
ALTER TABLE "SyncAttempt"
  ADD CONSTRAINT "SyncAttempt_operation_check" CHECK ("operation" IN ('search', 'create', 'patch', 'read', 'cancel', 'restore', 'reschedule', 'book', 'read-invoice', 'halaxy-change')),
  ADD CONSTRAINT "SyncAttempt_outcome_check" CHECK ("outcome" IN ('ok', 'retryable', 'permanent', 'drift'));

-- DRIFT_FIELDS (app/domain/halaxy/sync-states.ts).
ALTER TABLE "HalaxyLink"
  ADD CONSTRAINT "HalaxyLink_driftFields_check" CHECK ("driftFields" <@ ARRAY['name', 'telecom', 'gender', 'birthDate', 'address', 'contact', 'time', 'status', 'practitioner', 'deleted', 'amount']);

-- HALAXY_MAPPING_KINDS (app/domain/halaxy/mapping.ts).
ALTER TABLE "HalaxyMapping"
  ADD CONSTRAINT "HalaxyMapping_kind_check" CHECK ("kind" IN ('psychologist', 'location', 'appointment_type', 'fee'));

-- FILE_PURPOSES (app/domain/patients/files.server.ts).
ALTER TABLE "StoredFile"
  ADD CONSTRAINT "StoredFile_purpose_check" CHECK ("purpose" IN ('referral_letter'));

-- K10_CONTEXTS (app/domain/patients/k10.ts).
ALTER TABLE "K10Response"
  ADD CONSTRAINT "K10Response_context_check" CHECK ("context" IN ('intake', 'review'));

-- The intake's choices (app/domain/patients/intake.ts); an empty string is "not given yet".
ALTER TABLE "PatientProfile"
  ADD CONSTRAINT "PatientProfile_state_check" CHECK ("state" IN ('', 'ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA')),
  ADD CONSTRAINT "PatientProfile_gender_check" CHECK ("gender" IN ('', 'woman', 'man', 'non_binary', 'different_term', 'prefer_not_to_say')),
  ADD CONSTRAINT "PatientProfile_psychologistGenderPreference_check" CHECK ("psychologistGenderPreference" IN ('', 'no_preference', 'female', 'male', 'non_binary')),
  ADD CONSTRAINT "PatientProfile_intakeSteps_check" CHECK ("intakeSteps" <@ ARRAY['about', 'contacts', 'medicare', 'referral', 'needs', 'k10', 'consents']);

-- Stripe's dispute statuses (DISPUTE_STATUSES in app/domain/billing/stripe.server.ts). The adapter
-- reads a status Stripe adds later as needs_response; a stored one is brought to the same.
UPDATE "Payment" SET "disputeStatus" = 'needs_response'
WHERE "disputeStatus" NOT IN ('warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'appeal_needs_response', 'appeal_under_review', 'won', 'lost', 'prevented');
ALTER TABLE "Payment"
  ADD CONSTRAINT "Payment_disputeStatus_check" CHECK ("disputeStatus" IN ('warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'appeal_needs_response', 'appeal_under_review', 'won', 'lost', 'prevented'));
