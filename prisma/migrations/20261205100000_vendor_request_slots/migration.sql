-- One request limiter for every rate-limited vendor: Halaxy's slots become the vendor 'halaxy'
-- rows of a general table, beside Twilio Video's writes ('twilio-video').

ALTER TABLE "HalaxyRequestSlot" RENAME TO "VendorRequestSlot";
ALTER TABLE "VendorRequestSlot" RENAME CONSTRAINT "HalaxyRequestSlot_pkey" TO "VendorRequestSlot_pkey";
ALTER SEQUENCE "HalaxyRequestSlot_id_seq" RENAME TO "VendorRequestSlot_id_seq";

ALTER TABLE "VendorRequestSlot" ADD COLUMN "vendor" TEXT NOT NULL DEFAULT 'halaxy';
ALTER TABLE "VendorRequestSlot" ALTER COLUMN "vendor" DROP DEFAULT;
-- RateLimitedVendor (app/domain/vendor-rate-limit.server.ts).
ALTER TABLE "VendorRequestSlot" ADD CONSTRAINT "VendorRequestSlot_vendor_check" CHECK ("vendor" IN ('halaxy', 'twilio-video'));

DROP INDEX "HalaxyRequestSlot_at_idx";
CREATE INDEX "VendorRequestSlot_vendor_at_idx" ON "VendorRequestSlot"("vendor", "at");
