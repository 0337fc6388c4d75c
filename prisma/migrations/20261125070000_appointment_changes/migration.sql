-- CreateEnum
CREATE TYPE "AppointmentEventKind" AS ENUM ('booked', 'confirmed', 'rescheduled', 'cancelled', 'late_cancelled', 'hold_expired', 'completed', 'no_show');

-- AlterEnum
ALTER TYPE "AppointmentStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "PsychologistProfile" ADD COLUMN     "calendarFeedCreatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "calendarFeedTokenHash" TEXT;

-- CreateTable
CREATE TABLE "AppointmentEvent" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "kind" "AppointmentEventKind" NOT NULL,
    "fromStartsAt" TIMESTAMPTZ(3),
    "toStartsAt" TIMESTAMPTZ(3),
    "reason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AppointmentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AppointmentEvent_appointmentId_at_idx" ON "AppointmentEvent"("appointmentId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "PsychologistProfile_calendarFeedTokenHash_key" ON "PsychologistProfile"("calendarFeedTokenHash");

-- AddForeignKey
ALTER TABLE "AppointmentEvent" ADD CONSTRAINT "AppointmentEvent_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppointmentEvent" ADD CONSTRAINT "AppointmentEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


