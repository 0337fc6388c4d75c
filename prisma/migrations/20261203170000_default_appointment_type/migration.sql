-- The default appointment type is marked in the data, no longer found by its name.
-- AlterTable
ALTER TABLE "AppointmentType" ADD COLUMN "isDefault" BOOLEAN;

-- CreateIndex
CREATE UNIQUE INDEX "AppointmentType_isDefault_key" ON "AppointmentType"("isDefault");

-- true or null, never false: the unique index then lets one type at most be the default.
ALTER TABLE "AppointmentType" ADD CONSTRAINT "AppointmentType_isDefault_check" CHECK ("isDefault");

-- The type the code picked by name until now stays the default.
UPDATE "AppointmentType" SET "isDefault" = true WHERE "name" = 'Standard session';
