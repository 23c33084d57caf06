-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "dialect" TEXT NOT NULL,
    "encryptedUrl" TEXT NOT NULL,
    "displayUrl" TEXT NOT NULL,
    "description" TEXT,
    "tags" JSONB NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "lastTestedAt" TIMESTAMP(3),
    "lastTestOk" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogDatabase" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fingerprint" TEXT,
    "lastCheckedAt" TIMESTAMP(3),
    "lastChangedAt" TIMESTAMP(3),

    CONSTRAINT "CatalogDatabase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogSchema" (
    "id" TEXT NOT NULL,
    "databaseId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fingerprint" TEXT,
    "tablesLoadedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "lastChangedAt" TIMESTAMP(3),

    CONSTRAINT "CatalogSchema_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogTable" (
    "id" TEXT NOT NULL,
    "schemaId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rowEstimate" BIGINT,
    "comment" TEXT,
    "fingerprint" TEXT,
    "columns" JSONB,
    "primaryKey" JSONB,
    "foreignKeys" JSONB,
    "uniques" JSONB,
    "indexes" JSONB,
    "structureLoadedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "lastChangedAt" TIMESTAMP(3),

    CONSTRAINT "CatalogTable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefreshRun" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "roundTrips" INTEGER NOT NULL DEFAULT 0,
    "tablesRead" INTEGER NOT NULL DEFAULT 0,
    "changeCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "RefreshRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeEvent" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "refreshRunId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "schemaName" TEXT NOT NULL,
    "tableName" TEXT,
    "columnName" TEXT,
    "before" JSONB,
    "after" JSONB,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TableProfile" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "schemaName" TEXT NOT NULL,
    "tableName" TEXT NOT NULL,
    "rowCount" BIGINT NOT NULL,
    "rowCountExact" BOOLEAN NOT NULL,
    "rowsSampled" INTEGER NOT NULL,
    "fingerprint" TEXT,
    "profiledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TableProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ColumnProfile" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "schemaName" TEXT NOT NULL,
    "tableName" TEXT NOT NULL,
    "columnName" TEXT NOT NULL,
    "nullFraction" DOUBLE PRECISION NOT NULL,
    "distinctCount" BIGINT NOT NULL,
    "distinctExact" BOOLEAN NOT NULL,
    "min" TEXT,
    "max" TEXT,
    "mean" DOUBLE PRECISION,
    "topValues" JSONB NOT NULL,
    "samples" JSONB NOT NULL,
    "patterns" JSONB NOT NULL,
    "profiledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ColumnProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Relationship" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "fromSchema" TEXT NOT NULL,
    "fromTable" TEXT NOT NULL,
    "fromColumns" JSONB NOT NULL,
    "toSchema" TEXT NOT NULL,
    "toTable" TEXT NOT NULL,
    "toColumns" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "cardinality" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Relationship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataPoint" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "schemaName" TEXT,
    "tableName" TEXT,
    "embedding" JSONB,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueryRun" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "question" TEXT,
    "sql" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rowCount" INTEGER,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "cacheHit" BOOLEAN NOT NULL DEFAULT false,
    "durationMs" INTEGER,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "user" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "QueryRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "connectionId" TEXT,
    "target" TEXT,
    "detail" JSONB NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Connection_name_key" ON "Connection"("name");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogDatabase_connectionId_name_key" ON "CatalogDatabase"("connectionId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogSchema_databaseId_name_key" ON "CatalogSchema"("databaseId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogTable_schemaId_name_key" ON "CatalogTable"("schemaId", "name");

-- CreateIndex
CREATE INDEX "RefreshRun_connectionId_startedAt_idx" ON "RefreshRun"("connectionId", "startedAt");

-- CreateIndex
CREATE INDEX "ChangeEvent_connectionId_detectedAt_idx" ON "ChangeEvent"("connectionId", "detectedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TableProfile_connectionId_schemaName_tableName_key" ON "TableProfile"("connectionId", "schemaName", "tableName");

-- CreateIndex
CREATE UNIQUE INDEX "ColumnProfile_connectionId_schemaName_tableName_columnName_key" ON "ColumnProfile"("connectionId", "schemaName", "tableName", "columnName");

-- CreateIndex
CREATE INDEX "Relationship_connectionId_idx" ON "Relationship"("connectionId");

-- CreateIndex
CREATE INDEX "DataPoint_connectionId_status_idx" ON "DataPoint"("connectionId", "status");

-- CreateIndex
CREATE INDEX "QueryRun_connectionId_createdAt_idx" ON "QueryRun"("connectionId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- AddForeignKey
ALTER TABLE "CatalogDatabase" ADD CONSTRAINT "CatalogDatabase_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogSchema" ADD CONSTRAINT "CatalogSchema_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "CatalogDatabase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogTable" ADD CONSTRAINT "CatalogTable_schemaId_fkey" FOREIGN KEY ("schemaId") REFERENCES "CatalogSchema"("id") ON DELETE CASCADE ON UPDATE CASCADE;
