-- AlterTable
ALTER TABLE "HalaxyLink" ADD COLUMN     "driftDismissedVersion" TEXT,
ADD COLUMN     "driftFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "driftFoundAt" TIMESTAMPTZ(3),
ADD COLUMN     "driftVersion" TEXT;

-- CreateTable
CREATE TABLE "HalaxyBusyBlock" (
    "halaxyId" TEXT NOT NULL,
    "psychologistId" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HalaxyBusyBlock_pkey" PRIMARY KEY ("halaxyId")
);

-- CreateTable
CREATE TABLE "HalaxyInbound" (
    "id" TEXT NOT NULL DEFAULT 'halaxy',
    "appointmentsCursor" TIMESTAMPTZ(3),
    "patientsCursor" TIMESTAMPTZ(3),
    "invoicesCursor" TIMESTAMPTZ(3),
    "backfilledRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lastWebhookAt" TIMESTAMPTZ(3),
    "webhooksReceived" INTEGER NOT NULL DEFAULT 0,
    "lastPollAt" TIMESTAMPTZ(3),
    "lastPollError" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HalaxyInbound_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HalaxyBusyBlock_psychologistId_startsAt_idx" ON "HalaxyBusyBlock"("psychologistId", "startsAt");

-- AddForeignKey
ALTER TABLE "HalaxyBusyBlock" ADD CONSTRAINT "HalaxyBusyBlock_psychologistId_fkey" FOREIGN KEY ("psychologistId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A busy block always has a length (Halaxy's own data is read leniently; a bad one is skipped).
ALTER TABLE "HalaxyBusyBlock" ADD CONSTRAINT "HalaxyBusyBlock_time_order_check" CHECK ("endsAt" > "startsAt");
