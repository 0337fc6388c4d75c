-- Rules Prisma's schema language cannot express, and the first version of each policy.

ALTER TABLE "PatientProfile"
  ADD CONSTRAINT "PatientProfile_medicareIrn_check" CHECK ("medicareIrn" BETWEEN 1 AND 9),
  ADD CONSTRAINT "PatientProfile_medicareNumber_check" CHECK ("medicareNumber" ~ '^[2-6][0-9]{9}$'),
  ADD CONSTRAINT "PatientProfile_medicareExpiryMonth_check" CHECK ("medicareExpiryMonth" BETWEEN 1 AND 12),
  ADD CONSTRAINT "PatientProfile_mobile_check" CHECK ("mobile" = '' OR "mobile" ~ '^\+61[0-9]{9}$');

ALTER TABLE "K10Response"
  ADD CONSTRAINT "K10Response_score_check" CHECK ("score" BETWEEN 10 AND 50),
  ADD CONSTRAINT "K10Response_answers_check" CHECK (cardinality("answers") = 10);

ALTER TABLE "Referral"
  ADD CONSTRAINT "Referral_sessionsReferred_check" CHECK ("sessionsReferred" BETWEEN 1 AND 10);

ALTER TABLE "StoredFile"
  ADD CONSTRAINT "StoredFile_sizeBytes_check" CHECK ("sizeBytes" > 0 AND "sizeBytes" <= 10485760),
  ADD CONSTRAINT "StoredFile_mimeType_check" CHECK ("mimeType" IN ('application/pdf', 'image/jpeg', 'image/png'));

ALTER TABLE "Policy"
  ADD CONSTRAINT "Policy_version_check" CHECK ("version" >= 1);

INSERT INTO "Policy" ("id", "kind", "version", "title", "summary", "body", "required", "effectiveAt") VALUES
(
  'policy_privacy_v1', 'privacy', 1,
  'Privacy and collection notice',
  'How Haven collects, uses, stores and shares your personal and health information.',
  'Haven Psychology collects personal and health information so that your psychologist can assess and treat you, so that we can arrange your appointments, invoices and Medicare claims, and so that we can contact you or your emergency contact if we are seriously concerned for your safety.

We collect it from you, and with your consent from your GP or other referrer. If you do not give us the information we ask for, we may not be able to provide a service or process a Medicare rebate.

Your information is stored securely in Australia. It is seen only by your treating psychologist and by practice staff who need it for their work. Clinical notes are seen only by your psychologist. We disclose information without your consent only where the law requires or allows it, for example where there is a serious threat to your life, health or safety, or under a court order. We also keep a copy of your appointments and invoices in Halaxy, our practice-management system, which stores data in Australia.

We keep records for at least 7 years after your last contact with us (until age 25 for people who were under 18). You can ask to see or correct your information at any time, and you can complain to us or to the Office of the Australian Information Commissioner (oaic.gov.au).',
  true, '2026-11-01T00:00:00+11:00'
),
(
  'policy_telehealth_v1', 'telehealth', 1,
  'Telehealth consent',
  'What to expect from video sessions, and how we keep them safe and private.',
  'Telehealth sessions take place by secure video in your web browser. They are not recorded. Please join from a private place where you will not be overheard, using a device and connection you trust.

At the start of each session your psychologist will confirm where you are, so that help can be sent if there is an emergency. If the connection drops, your psychologist will try to reconnect and then call your mobile.

Telehealth may not suit every situation, and your psychologist may suggest an in-person session instead. Medicare rebates for telehealth sessions follow the same rules as in-person sessions.',
  true, '2026-11-01T00:00:00+11:00'
),
(
  'policy_cancellation_v1', 'cancellation', 1,
  'Cancellation and fees policy',
  'Fees, payment, and what happens if you cancel or miss a session.',
  'Fees are shown when you book and are paid when you book. If you have a valid referral and Mental Health Treatment Plan, we lodge your Medicare claim and the rebate is paid to you.

You can reschedule or cancel free of charge up to 48 hours before your appointment. Cancellations with less notice, and sessions missed without notice, may be charged the full fee, which Medicare does not rebate. We understand that emergencies happen: talk to your psychologist.',
  true, '2026-11-01T00:00:00+11:00'
),
(
  'policy_sms_v1', 'sms', 1,
  'Text message reminders',
  'Appointment confirmations and reminders by SMS to your mobile.',
  'We can send appointment confirmations and reminders to your mobile. Messages never include anything about your health or the reason for your visit. You can change your mind at any time in your profile, and standard message rates from your carrier may apply.',
  false, '2026-11-01T00:00:00+11:00'
);
