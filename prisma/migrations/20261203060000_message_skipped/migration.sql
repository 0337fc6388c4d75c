-- AlterEnum
ALTER TYPE "MessageStatus" ADD VALUE 'skipped';
