-- Appointment messages (issue 14): confirmations, change notices and reminders by email and SMS,
-- each a Message row planned for one appointment version and decided again when it is sent.

ALTER TYPE "MessageStatus" ADD VALUE 'delivered' AFTER 'sent';

ALTER TABLE "Message"
  ADD COLUMN "skipReason" TEXT,
  ADD COLUMN "sendAt" TIMESTAMPTZ(3),
  ADD COLUMN "dedupeKey" TEXT,
  ADD COLUMN "appointmentVersion" INTEGER,
  ADD COLUMN "appointmentStartsAt" TIMESTAMPTZ(3),
  ADD COLUMN "previousStartsAt" TIMESTAMPTZ(3),
  ADD COLUMN "composedAt" TIMESTAMPTZ(3),
  ADD COLUMN "vendorStatus" TEXT,
  ADD COLUMN "deliveredAt" TIMESTAMPTZ(3);

CREATE UNIQUE INDEX "Message_dedupeKey_key" ON "Message"("dedupeKey");
CREATE UNIQUE INDEX "Message_providerMessageId_key" ON "Message"("providerMessageId");
DROP INDEX "Message_appointmentId_idx";
CREATE INDEX "Message_appointmentId_createdAt_idx" ON "Message"("appointmentId", "createdAt");

-- MESSAGE_TEMPLATES (app/domain/notify/templates.ts).
ALTER TABLE "Message"
  ADD CONSTRAINT "Message_template_check" CHECK ("template" IN ('signup-verify', 'signup-existing', 'password-reset', 'staff-invite', 'booking-time-taken', 'appointment-confirmed', 'appointment-moved', 'appointment-cancelled', 'appointment-reminder', 'video-starting-soon', 'psychologist-new-booking', 'psychologist-moved', 'psychologist-cancelled')),
  ADD CONSTRAINT "Message_vendorStatus_check" CHECK ("vendorStatus" IN ('queued', 'accepted', 'scheduled', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'read', 'receiving', 'received'));

ALTER TABLE "PatientProfile"
  ADD COLUMN "smsOptedOutAt" TIMESTAMPTZ(3),
  ADD COLUMN "emailReminders" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "smsReminders" BOOLEAN NOT NULL DEFAULT true;

ALTER TABLE "Practice"
  ADD COLUMN "emailReminderHours" INTEGER NOT NULL DEFAULT 48,
  ADD COLUMN "smsReminderHours" INTEGER NOT NULL DEFAULT 24,
  ADD COLUMN "videoSoonMinutes" INTEGER NOT NULL DEFAULT 10,
  ADD COLUMN "quietHoursEnabled" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "quietHoursStart" INTEGER NOT NULL DEFAULT 21,
  ADD COLUMN "quietHoursEnd" INTEGER NOT NULL DEFAULT 8,
  ADD COLUMN "changeNoticeDelaySeconds" INTEGER NOT NULL DEFAULT 120,
  ADD CONSTRAINT "Practice_reminders_check" CHECK (
    "emailReminderHours" BETWEEN 0 AND 336
    AND "smsReminderHours" BETWEEN 0 AND 336
    AND "videoSoonMinutes" BETWEEN 0 AND 120
    AND "quietHoursStart" BETWEEN 0 AND 23
    AND "quietHoursEnd" BETWEEN 0 AND 23
    AND "changeNoticeDelaySeconds" BETWEEN 0 AND 3600
  );

-- Seeing and retrying messages, and setting reminders, are the practice manager's.
INSERT INTO "Permission" ("id", "action", "entity", "access", "description") VALUES
  ('perm_read_message_any', 'read', 'message', 'any', 'See every email and text message Haven sent or tried to send'),
  ('perm_update_message_any', 'update', 'message', 'any', 'Send a failed message again'),
  ('perm_read_message_settings_any', 'read', 'message-settings', 'any', 'See when reminders are sent'),
  ('perm_update_message_settings_any', 'update', 'message-settings', 'any', 'Change when reminders are sent');

INSERT INTO "RolePermission" ("roleId", "permissionId") VALUES
  ('role_manager', 'perm_read_message_any'),
  ('role_manager', 'perm_update_message_any'),
  ('role_manager', 'perm_read_message_settings_any'),
  ('role_manager', 'perm_update_message_settings_any');
