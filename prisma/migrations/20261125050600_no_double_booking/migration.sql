-- One psychologist can never hold two overlapping live appointments. Half-open ranges
-- ('[)') let one session end exactly when the next begins. A violation surfaces as
-- SQLSTATE 23P01, which the booking code turns into "that time was just taken".
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Appointment"
  ADD CONSTRAINT "Appointment_no_overlap"
  EXCLUDE USING gist ("psychologistId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&)
  WHERE ("status" IN ('held', 'confirmed', 'completed', 'no_show'));

ALTER TABLE "Appointment"
  ADD CONSTRAINT "Appointment_time_order_check" CHECK ("endsAt" > "startsAt"),
  ADD CONSTRAINT "Appointment_hold_expiry_check" CHECK ("status" <> 'held' OR "holdExpiresAt" IS NOT NULL),
  ADD CONSTRAINT "Appointment_fee_check" CHECK ("feeCents" >= 0),
  ADD CONSTRAINT "Appointment_version_check" CHECK ("version" >= 1);

ALTER TABLE "AvailabilityRule"
  ADD CONSTRAINT "AvailabilityRule_weekday_check" CHECK ("weekday" BETWEEN 1 AND 7),
  ADD CONSTRAINT "AvailabilityRule_minutes_check" CHECK ("startMinute" >= 0 AND "endMinute" <= 1440 AND "endMinute" > "startMinute");

ALTER TABLE "TimeOff"
  ADD CONSTRAINT "TimeOff_time_order_check" CHECK ("endsAt" > "startsAt");

ALTER TABLE "PsychologistProfile"
  ADD CONSTRAINT "PsychologistProfile_booking_rules_check"
  CHECK ("bufferMinutes" BETWEEN 0 AND 120 AND "minNoticeMinutes" BETWEEN 0 AND 43200 AND "horizonDays" BETWEEN 1 AND 365);
