-- CreateEnum
CREATE TYPE "ReferrerType" AS ENUM ('gp_mhtp', 'psychiatrist', 'paediatrician', 'none');

-- CreateEnum
CREATE TYPE "ModalityPreference" AS ENUM ('in_person', 'telehealth', 'either');

-- CreateEnum
CREATE TYPE "K10Band" AS ENUM ('low', 'moderate', 'high', 'very_high');

-- CreateEnum
CREATE TYPE "RiskReason" AS ENUM ('k10_very_high', 'risk_answer');

-- CreateEnum
CREATE TYPE "PolicyKind" AS ENUM ('privacy', 'telehealth', 'cancellation', 'sms');

-- CreateTable
CREATE TABLE "PatientProfile" (
    "userId" TEXT NOT NULL,
    "legalFirstName" TEXT NOT NULL DEFAULT '',
    "legalLastName" TEXT NOT NULL DEFAULT '',
    "preferredName" TEXT NOT NULL DEFAULT '',
    "pronouns" TEXT NOT NULL DEFAULT '',
    "dateOfBirth" DATE,
    "gender" TEXT NOT NULL DEFAULT '',
    "addressLine" TEXT NOT NULL DEFAULT '',
    "suburb" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT '',
    "postcode" TEXT NOT NULL DEFAULT '',
    "mobile" TEXT NOT NULL DEFAULT '',
    "emergencyName" TEXT NOT NULL DEFAULT '',
    "emergencyRelationship" TEXT NOT NULL DEFAULT '',
    "emergencyPhone" TEXT NOT NULL DEFAULT '',
    "gpName" TEXT NOT NULL DEFAULT '',
    "gpPractice" TEXT NOT NULL DEFAULT '',
    "gpPhone" TEXT NOT NULL DEFAULT '',
    "medicareNumber" TEXT,
    "medicareIrn" INTEGER,
    "medicareExpiryMonth" INTEGER,
    "medicareExpiryYear" INTEGER,
    "dvaNumber" TEXT NOT NULL DEFAULT '',
    "concessionNumber" TEXT NOT NULL DEFAULT '',
    "referrerType" "ReferrerType",
    "reasonForVisit" TEXT NOT NULL DEFAULT '',
    "riskThoughts" BOOLEAN,
    "modalityPreference" "ModalityPreference",
    "psychologistGenderPreference" TEXT NOT NULL DEFAULT '',
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "intakeSteps" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "intakeSubmittedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PatientProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "referrerType" "ReferrerType" NOT NULL,
    "referrerName" TEXT NOT NULL,
    "referrerProviderNumber" TEXT NOT NULL,
    "referrerPractice" TEXT NOT NULL DEFAULT '',
    "referralDate" DATE NOT NULL,
    "sessionsReferred" INTEGER NOT NULL,
    "hasMhtp" BOOLEAN NOT NULL DEFAULT false,
    "letterFileId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "K10Response" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "answers" INTEGER[],
    "score" INTEGER NOT NULL,
    "band" "K10Band" NOT NULL,
    "context" TEXT NOT NULL DEFAULT 'intake',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "K10Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskFlag" (
    "id" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "reason" "RiskReason" NOT NULL,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedById" TEXT,

    CONSTRAINT "RiskFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CareAssignment" (
    "patientId" TEXT NOT NULL,
    "psychologistId" TEXT NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CareAssignment_pkey" PRIMARY KEY ("patientId","psychologistId")
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" TEXT NOT NULL,
    "kind" "PolicyKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT true,
    "effectiveAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PatientProfile_legalLastName_legalFirstName_idx" ON "PatientProfile"("legalLastName", "legalFirstName");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_letterFileId_key" ON "Referral"("letterFileId");

-- CreateIndex
CREATE INDEX "Referral_patientId_createdAt_idx" ON "Referral"("patientId", "createdAt");

-- CreateIndex
CREATE INDEX "StoredFile_patientId_idx" ON "StoredFile"("patientId");

-- CreateIndex
CREATE INDEX "K10Response_patientId_createdAt_idx" ON "K10Response"("patientId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskFlag_patientId_raisedAt_idx" ON "RiskFlag"("patientId", "raisedAt");

-- CreateIndex
CREATE INDEX "RiskFlag_acknowledgedAt_idx" ON "RiskFlag"("acknowledgedAt");

-- CreateIndex
CREATE INDEX "CareAssignment_psychologistId_idx" ON "CareAssignment"("psychologistId");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_kind_version_key" ON "Policy"("kind", "version");

-- CreateIndex
CREATE INDEX "ConsentRecord_policyId_idx" ON "ConsentRecord"("policyId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRecord_userId_policyId_key" ON "ConsentRecord"("userId", "policyId");

-- AddForeignKey
ALTER TABLE "PatientProfile" ADD CONSTRAINT "PatientProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "PatientProfile"("userId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_letterFileId_fkey" FOREIGN KEY ("letterFileId") REFERENCES "StoredFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "PatientProfile"("userId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "K10Response" ADD CONSTRAINT "K10Response_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "PatientProfile"("userId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskFlag" ADD CONSTRAINT "RiskFlag_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "PatientProfile"("userId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareAssignment" ADD CONSTRAINT "CareAssignment_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "PatientProfile"("userId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareAssignment" ADD CONSTRAINT "CareAssignment_psychologistId_fkey" FOREIGN KEY ("psychologistId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
