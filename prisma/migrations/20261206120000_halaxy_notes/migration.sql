-- Signed clinical notes and their addenda mirrored to Halaxy (issue 16): each is a record the
-- mirror links and pushes once, as a DocumentReference, when the practice turns it on.
ALTER TYPE "HalaxyEntity" ADD VALUE 'clinical_note';
ALTER TYPE "HalaxyEntity" ADD VALUE 'note_addendum';

-- Off until the manager turns it on (Halaxy settings): notes leave Haven only by choice.
ALTER TABLE "Practice" ADD COLUMN "halaxyNoteMirroring" BOOLEAN NOT NULL DEFAULT false;
