-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "dialect" TEXT NOT NULL,
    "encryptedUrl" TEXT NOT NULL,
    "displayUrl" TEXT NOT NULL,
    "description" TEXT,
    "tags" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "lastTestedAt" DATETIME,
    "lastTestOk" BOOLEAN,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CatalogDatabase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fingerprint" TEXT,
    "lastCheckedAt" DATETIME,
    "lastChangedAt" DATETIME,
    CONSTRAINT "CatalogDatabase_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CatalogSchema" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "databaseId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fingerprint" TEXT,
    "tablesLoadedAt" DATETIME,
    "lastCheckedAt" DATETIME,
    "lastChangedAt" DATETIME,
    CONSTRAINT "CatalogSchema_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "CatalogDatabase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CatalogTable" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schemaId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rowEstimate" BIGINT,
    "comment" TEXT,
    "fingerprint" TEXT,
    "columns" TEXT,
    "primaryKey" TEXT,
    "foreignKeys" TEXT,
    "uniques" TEXT,
    "indexes" TEXT,
    "structureLoadedAt" DATETIME,
    "lastCheckedAt" DATETIME,
    "lastChangedAt" DATETIME,
    CONSTRAINT "CatalogTable_schemaId_fkey" FOREIGN KEY ("schemaId") REFERENCES "CatalogSchema" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RefreshRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "roundTrips" INTEGER NOT NULL DEFAULT 0,
    "tablesRead" INTEGER NOT NULL DEFAULT 0,
    "changeCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "durationMs" INTEGER
);

-- CreateTable
CREATE TABLE "ChangeEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "refreshRunId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "schemaName" TEXT NOT NULL,
    "tableName" TEXT,
    "columnName" TEXT,
    "before" TEXT,
    "after" TEXT,
    "detectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "TableProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "schemaName" TEXT NOT NULL,
    "tableName" TEXT NOT NULL,
    "rowCount" BIGINT NOT NULL,
    "rowCountExact" BOOLEAN NOT NULL,
    "rowsSampled" INTEGER NOT NULL,
    "fingerprint" TEXT,
    "profiledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ColumnProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "schemaName" TEXT NOT NULL,
    "tableName" TEXT NOT NULL,
    "columnName" TEXT NOT NULL,
    "nullFraction" REAL NOT NULL,
    "distinctCount" BIGINT NOT NULL,
    "distinctExact" BOOLEAN NOT NULL,
    "min" TEXT,
    "max" TEXT,
    "mean" REAL,
    "topValues" TEXT NOT NULL,
    "samples" TEXT NOT NULL,
    "patterns" TEXT NOT NULL,
    "profiledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Relationship" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "fromSchema" TEXT NOT NULL,
    "fromTable" TEXT NOT NULL,
    "fromColumns" TEXT NOT NULL,
    "toSchema" TEXT NOT NULL,
    "toTable" TEXT NOT NULL,
    "toColumns" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "confidence" REAL NOT NULL,
    "cardinality" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DataPoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "confidence" REAL NOT NULL,
    "schemaName" TEXT,
    "tableName" TEXT,
    "embedding" TEXT,
    "reviewedBy" TEXT,
    "reviewedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "QueryRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "connectionId" TEXT,
    "target" TEXT,
    "detail" TEXT NOT NULL
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
