-- AlterTable
ALTER TABLE "CatalogDatabase" ADD COLUMN "schemasLoadedAt" DATETIME;

-- AlterTable
ALTER TABLE "CatalogSchema" ADD COLUMN "isDefault" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "CatalogSchema" ADD COLUMN "probeToken" TEXT;

-- AlterTable
ALTER TABLE "CatalogTable" ADD COLUMN "probeToken" TEXT;
