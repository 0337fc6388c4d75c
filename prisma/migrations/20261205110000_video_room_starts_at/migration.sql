-- A video room remembers the appointment time it was made for: a session moved to another time
-- gets a new room (app/domain/telehealth/rooms.server.ts), a re-delivered change keeps it.

ALTER TABLE "VideoRoom" ADD COLUMN "startsAt" TIMESTAMPTZ(3);
UPDATE "VideoRoom" SET "startsAt" = "Appointment"."startsAt"
  FROM "Appointment" WHERE "Appointment"."id" = "VideoRoom"."appointmentId";
ALTER TABLE "VideoRoom" ALTER COLUMN "startsAt" SET NOT NULL;
