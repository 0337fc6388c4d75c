-- Video sessions (issue 15): a Twilio Video room per telehealth appointment, its waiting room,
-- and Twilio's room callbacks as a timeline.

CREATE TYPE "VideoRoomStatus" AS ENUM ('preparing', 'ready', 'ended');

CREATE TABLE "VideoRoom" (
  "id" TEXT NOT NULL,
  "appointmentId" TEXT NOT NULL,
  "uniqueName" TEXT NOT NULL,
  "twilioSid" TEXT,
  "status" "VideoRoomStatus" NOT NULL DEFAULT 'preparing',
  "live" BOOLEAN DEFAULT true,
  "appointmentVersion" INTEGER NOT NULL,
  "startsAt" TIMESTAMPTZ(3) NOT NULL,
  "patientIdentity" TEXT NOT NULL,
  "psychologistIdentity" TEXT NOT NULL,
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "lastError" TEXT NOT NULL DEFAULT '',
  "lastAttemptAt" TIMESTAMPTZ(3),
  "readyAt" TIMESTAMPTZ(3),
  "startedAt" TIMESTAMPTZ(3),
  "patientWaitingSince" TIMESTAMPTZ(3),
  "patientSeenAt" TIMESTAMPTZ(3),
  "admittedAt" TIMESTAMPTZ(3),
  "endedAt" TIMESTAMPTZ(3),
  "endReason" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "VideoRoom_pkey" PRIMARY KEY ("id"),
  -- VIDEO_ROOM_END_REASONS (app/domain/telehealth/rooms.ts).
  CONSTRAINT "VideoRoom_endReason_check" CHECK ("endReason" IN ('completed', 'cancelled', 'moved', 'twilio')),
  CONSTRAINT "VideoRoom_ended_check" CHECK (("status" = 'ended') = ("endedAt" IS NOT NULL AND "endReason" IS NOT NULL)),
  -- "live" is true until the room ends, then null: with the unique index below, one live room an appointment.
  CONSTRAINT "VideoRoom_live_check" CHECK ("live" AND "status" <> 'ended' OR "live" IS NULL AND "status" = 'ended'),
  CONSTRAINT "VideoRoom_identities_check" CHECK ("patientIdentity" <> "psychologistIdentity")
);

CREATE UNIQUE INDEX "VideoRoom_uniqueName_key" ON "VideoRoom"("uniqueName");
CREATE UNIQUE INDEX "VideoRoom_twilioSid_key" ON "VideoRoom"("twilioSid");
CREATE UNIQUE INDEX "VideoRoom_patientIdentity_key" ON "VideoRoom"("patientIdentity");
CREATE UNIQUE INDEX "VideoRoom_psychologistIdentity_key" ON "VideoRoom"("psychologistIdentity");
CREATE INDEX "VideoRoom_appointmentId_createdAt_idx" ON "VideoRoom"("appointmentId", "createdAt");
CREATE INDEX "VideoRoom_status_idx" ON "VideoRoom"("status");
CREATE UNIQUE INDEX "VideoRoom_appointmentId_live_key" ON "VideoRoom"("appointmentId", "live");

ALTER TABLE "VideoRoom" ADD CONSTRAINT "VideoRoom_appointmentId_fkey"
  FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "VideoRoomEvent" (
  "id" TEXT NOT NULL,
  "roomId" TEXT NOT NULL,
  "event" TEXT NOT NULL,
  "participantSid" TEXT NOT NULL DEFAULT '',
  "participantRole" TEXT NOT NULL DEFAULT '',
  "occurredAt" TIMESTAMPTZ(3) NOT NULL,
  "durationSeconds" INTEGER,
  "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "VideoRoomEvent_pkey" PRIMARY KEY ("id"),
  -- VIDEO_ROOM_EVENTS and VIDEO_PARTICIPANT_ROLES (app/domain/telehealth/rooms.ts).
  CONSTRAINT "VideoRoomEvent_event_check" CHECK ("event" IN ('room-created', 'participant-connected', 'participant-disconnected', 'room-ended')),
  CONSTRAINT "VideoRoomEvent_participantRole_check" CHECK ("participantRole" IN ('', 'patient', 'psychologist', 'other')),
  CONSTRAINT "VideoRoomEvent_durationSeconds_check" CHECK ("durationSeconds" IS NULL OR "durationSeconds" >= 0)
);

CREATE UNIQUE INDEX "VideoRoomEvent_roomId_participantSid_event_key" ON "VideoRoomEvent"("roomId", "participantSid", "event");
CREATE INDEX "VideoRoomEvent_roomId_occurredAt_idx" ON "VideoRoomEvent"("roomId", "occurredAt");

ALTER TABLE "VideoRoomEvent" ADD CONSTRAINT "VideoRoomEvent_roomId_fkey"
  FOREIGN KEY ("roomId") REFERENCES "VideoRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Practice"
  ADD COLUMN "videoJoinOpensMinutes" INTEGER NOT NULL DEFAULT 15,
  ADD COLUMN "videoJoinClosesMinutes" INTEGER NOT NULL DEFAULT 30,
  ADD COLUMN "videoAutoAdmit" BOOLEAN NOT NULL DEFAULT false,
  ADD CONSTRAINT "Practice_video_check" CHECK (
    "videoJoinOpensMinutes" BETWEEN 0 AND 60
    AND "videoJoinClosesMinutes" BETWEEN 0 AND 120
  );

-- Setting when video sessions open and whether patients wait to be let in: the practice manager's.
INSERT INTO "Permission" ("id", "action", "entity", "access", "description") VALUES
  ('perm_read_video_settings_any', 'read', 'video-settings', 'any', 'See when video sessions open and how patients are let in'),
  ('perm_update_video_settings_any', 'update', 'video-settings', 'any', 'Change when video sessions open and how patients are let in');

INSERT INTO "RolePermission" ("roleId", "permissionId") VALUES
  ('role_manager', 'perm_read_video_settings_any'),
  ('role_manager', 'perm_update_video_settings_any');
