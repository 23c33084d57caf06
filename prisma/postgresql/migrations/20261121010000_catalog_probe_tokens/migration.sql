-- AlterTable
ALTER TABLE "CatalogDatabase" ADD COLUMN     "schemasLoadedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "CatalogSchema" ADD COLUMN     "isDefault" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "probeToken" TEXT;

-- AlterTable
ALTER TABLE "CatalogTable" ADD COLUMN     "probeToken" TEXT;
