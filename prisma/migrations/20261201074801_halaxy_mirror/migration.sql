-- CreateEnum
CREATE TYPE "HalaxyEntity" AS ENUM ('patient', 'appointment', 'invoice');

-- CreateEnum
CREATE TYPE "SyncState" AS ENUM ('pending', 'synced', 'failed', 'needs_attention');

-- CreateTable
CREATE TABLE "HalaxyLink" (
    "id" TEXT NOT NULL,
    "entity" "HalaxyEntity" NOT NULL,
    "havenId" TEXT NOT NULL,
    "halaxyId" TEXT,
    "state" "SyncState" NOT NULL DEFAULT 'pending',
    "pendingSince" TIMESTAMPTZ(3),
    "createSentAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "lastError" TEXT NOT NULL DEFAULT '',
    "syncedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HalaxyLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncAttempt" (
    "id" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "operation" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "message" TEXT NOT NULL DEFAULT '',
    "durationMs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SyncAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HalaxyMapping" (
    "kind" TEXT NOT NULL,
    "havenId" TEXT NOT NULL,
    "halaxyId" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HalaxyMapping_pkey" PRIMARY KEY ("kind","havenId")
);

-- CreateTable
CREATE TABLE "HalaxyRequestSlot" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HalaxyRequestSlot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HalaxyLink_state_pendingSince_idx" ON "HalaxyLink"("state", "pendingSince");

-- CreateIndex
CREATE UNIQUE INDEX "HalaxyLink_entity_havenId_key" ON "HalaxyLink"("entity", "havenId");

-- CreateIndex
CREATE UNIQUE INDEX "HalaxyLink_entity_halaxyId_key" ON "HalaxyLink"("entity", "halaxyId");

-- CreateIndex
CREATE INDEX "SyncAttempt_linkId_at_idx" ON "SyncAttempt"("linkId", "at");

-- CreateIndex
CREATE INDEX "HalaxyRequestSlot_at_idx" ON "HalaxyRequestSlot"("at");

-- AddForeignKey
ALTER TABLE "SyncAttempt" ADD CONSTRAINT "SyncAttempt_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "HalaxyLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;
