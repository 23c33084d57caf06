// A registered database connection as the catalog's domain sees it: never with its plaintext URL.
import type { DialectName } from '@querent/common';

export type Dialect = DialectName;

export interface ConnectionRecord {
  id: string;
  name: string;
  dialect: Dialect;
  /** The URL with any password replaced by ***. */
  displayUrl: string;
  description: string | null;
  tags: string[];
  isDefault: boolean;
  isDemo: boolean;
  lastTestedAt: Date | null;
  lastTestOk: boolean | null;
  createdAt: Date;
}

export interface NewConnection {
  name: string;
  dialect: Dialect;
  encryptedUrl: string;
  displayUrl: string;
  description?: string;
  tags: string[];
  isDefault: boolean;
  isDemo: boolean;
}
