// DataPoint records (domain) to their GraphQL objects.
import type { DataPointRecord } from '../datapoints/datapoint';
import type { DataPointMatch as DomainMatch, GenerationSummary } from '../datapoints/datapoint-service';
import { DataPoint, DataPointGeneration, DataPointMatch, DataPointProposal, type DataPointStatusEnum, type DataPointTypeEnum } from './datapoint.types';

export function toDataPoint(record: DataPointRecord): DataPoint {
  const proposal = record.stale && record.proposal ? Object.assign(new DataPointProposal(), { title: record.proposal.title, body: record.proposal.body, confidence: record.proposal.confidence }) : null;
  return Object.assign(new DataPoint(), {
    id: record.id,
    databaseId: record.connectionId,
    key: record.key,
    type: record.type as DataPointTypeEnum,
    status: record.status as DataPointStatusEnum,
    title: record.title,
    description: String(record.body.description ?? ''),
    body: record.body,
    confidence: record.confidence,
    schema: record.schema,
    table: record.table,
    stale: record.stale,
    staleReason: record.stale ? record.staleReason : null,
    proposal,
    reviewedBy: record.reviewedBy,
    reviewedAt: record.reviewedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
}

export function toGeneration(summary: GenerationSummary): DataPointGeneration {
  return Object.assign(new DataPointGeneration(), summary);
}

export function toMatch(match: DomainMatch): DataPointMatch {
  return Object.assign(new DataPointMatch(), { score: match.score, dataPoint: toDataPoint(match.dataPoint) });
}
