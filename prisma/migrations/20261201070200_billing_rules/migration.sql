-- Money rules the database holds whatever the code does, the practice row, and the
-- Medicare items Haven starts with (the manager updates them each 1 July).

ALTER TABLE "Practice"
  ADD CONSTRAINT "Practice_single_row_check" CHECK ("id" = 'practice'),
  ADD CONSTRAINT "Practice_numbering_check" CHECK ("nextInvoiceNumber" >= 1),
  ADD CONSTRAINT "Practice_late_refund_check" CHECK ("lateCancellationRefundPercent" BETWEEN 0 AND 100);

ALTER TABLE "PsychologistFee"
  ADD CONSTRAINT "PsychologistFee_amount_check" CHECK ("feeCents" BETWEEN 0 AND 1000000);

ALTER TABLE "MedicareItem"
  ADD CONSTRAINT "MedicareItem_amounts_check" CHECK ("scheduleFeeCents" >= 0 AND "rebateCents" BETWEEN 0 AND "scheduleFeeCents"),
  ADD CONSTRAINT "MedicareItem_minutes_check" CHECK ("minMinutes" >= 0 AND ("maxMinutes" IS NULL OR "maxMinutes" > "minMinutes"));

ALTER TABLE "Invoice"
  ADD CONSTRAINT "Invoice_amounts_check" CHECK (
    "totalCents" >= 0 AND "paidCents" BETWEEN 0 AND "totalCents" AND "refundedCents" BETWEEN 0 AND "paidCents"
  ),
  ADD CONSTRAINT "Invoice_version_check" CHECK ("version" >= 1);

ALTER TABLE "InvoiceLine"
  ADD CONSTRAINT "InvoiceLine_amounts_check" CHECK ("quantity" >= 1 AND "unitCents" >= 0 AND "amountCents" = "quantity" * "unitCents");

ALTER TABLE "Payment"
  ADD CONSTRAINT "Payment_amount_check" CHECK ("amountCents" > 0);

ALTER TABLE "Refund"
  ADD CONSTRAINT "Refund_amount_check" CHECK ("amountCents" > 0);

INSERT INTO "Practice" ("id", "name", "updatedAt") VALUES ('practice', 'Haven Psychology', now())
ON CONFLICT ("id") DO NOTHING;

-- Better Access items (MBS Online). The 50-minute-plus rebates are those from 1 July 2025;
-- the schedule fee is the rebate at 85%. Shorter and group figures are starting values for
-- the manager to check against MBS Online before the first claim.
INSERT INTO "MedicareItem"
  ("id", "itemNumber", "description", "registrationType", "service", "minMinutes", "maxMinutes", "scheduleFeeCents", "rebateCents", "effectiveFrom", "updatedAt")
VALUES
  ('mbs_80010_2025', '80010', 'Clinical psychologist, in rooms, at least 50 minutes', 'clinical', 'in_rooms', 50, NULL, 17090, 14525, '2025-07-01', now()),
  ('mbs_80000_2025', '80000', 'Clinical psychologist, in rooms, 30 to 50 minutes', 'clinical', 'in_rooms', 30, 50, 11675, 9925, '2025-07-01', now()),
  ('mbs_91167_2025', '91167', 'Clinical psychologist, video, at least 50 minutes', 'clinical', 'video', 50, NULL, 17090, 14525, '2025-07-01', now()),
  ('mbs_91166_2025', '91166', 'Clinical psychologist, video, 30 to 50 minutes', 'clinical', 'video', 30, 50, 11675, 9925, '2025-07-01', now()),
  ('mbs_91182_2025', '91182', 'Clinical psychologist, phone, at least 50 minutes', 'clinical', 'phone', 50, NULL, 17090, 14525, '2025-07-01', now()),
  ('mbs_80020_2025', '80020', 'Clinical psychologist, group of 4 to 10 patients, in person, at least 60 minutes', 'clinical', 'group', 60, NULL, 4330, 3685, '2025-07-01', now()),
  ('mbs_80110_2025', '80110', 'Registered psychologist, in rooms, at least 50 minutes', 'registered', 'in_rooms', 50, NULL, 11640, 9895, '2025-07-01', now()),
  ('mbs_80100_2025', '80100', 'Registered psychologist, in rooms, 20 to 50 minutes', 'registered', 'in_rooms', 20, 50, 7920, 6735, '2025-07-01', now()),
  ('mbs_91170_2025', '91170', 'Registered psychologist, video, at least 50 minutes', 'registered', 'video', 50, NULL, 11640, 9895, '2025-07-01', now()),
  ('mbs_91169_2025', '91169', 'Registered psychologist, video, 20 to 50 minutes', 'registered', 'video', 20, 50, 7920, 6735, '2025-07-01', now()),
  ('mbs_91184_2025', '91184', 'Registered psychologist, phone, at least 50 minutes', 'registered', 'phone', 50, NULL, 11640, 9895, '2025-07-01', now()),
  ('mbs_80120_2025', '80120', 'Registered psychologist, group of 4 to 10 patients, in person, at least 60 minutes', 'registered', 'group', 60, NULL, 2955, 2515, '2025-07-01', now())
ON CONFLICT ("itemNumber", "effectiveFrom") DO NOTHING;
