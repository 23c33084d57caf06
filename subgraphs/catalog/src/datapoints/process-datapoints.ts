// PROCESS DataPoints: how a table's data arrives and how fresh it is. A dated table with a generated key and no
// update column is most likely appended to by date; a table with an update column changes in place. The profile's
// latest date says how fresh the data was when it was profiled.
import type { ColumnClass } from './column-roles';
import type { GeneratedDataPoint } from './datapoint';
import type { DatabaseModel, TableModel } from './database-model';
import { capitalize, humanize, singularOf } from './english-wording';

const DAY_MS = 86_400_000;
/** A table whose newest date is this much older than its profile is probably not loaded any more. */
const STALE_AFTER_DAYS = 45;

function eventTimeOf(table: TableModel): ColumnClass | undefined {
  const thing = singularOf(table.name).split(' ').pop() ?? '';
  const candidates = table.columns.filter((c) => c.role === 'time' && !/birth|expir|due|valid/.test(humanize(c.name)));
  return candidates.find((c) => thing && humanize(c.name).includes(thing)) ?? candidates.find((c) => /creat|placed|date|at$/.test(humanize(c.name))) ?? candidates[0];
}

function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const numeric = Number(value);
  // Epoch numbers (seconds or milliseconds) are read as such; anything else must parse as a date.
  const date = Number.isFinite(numeric) && /^\d{9,13}$/.test(value) ? new Date(value.length > 10 ? numeric : numeric * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The columns whose newest value says how fresh a table is: its update column, else its event date. */
export function freshnessColumn(table: TableModel): ColumnClass | undefined {
  if (table.facts.structure.kind !== 'TABLE') return undefined;
  return table.columns.find((c) => c.role === 'update_time') ?? eventTimeOf(table);
}

/** Every table's freshness column, for reading its newest value before generating. */
export function freshnessProbes(model: DatabaseModel): { schema: string; table: string; column: string }[] {
  return model.tables.flatMap((t) => {
    const column = freshnessColumn(t);
    return column ? [{ schema: t.schema, table: t.name, column: column.name }] : [];
  });
}

export function processDataPoint(model: DatabaseModel, table: TableModel): GeneratedDataPoint | null {
  if (table.facts.structure.kind !== 'TABLE') return null;
  const event = eventTimeOf(table);
  const update = table.columns.find((c) => c.role === 'update_time');
  if (!event && !update) return null;
  const profile = table.facts.profile;
  const pk = table.facts.structure.primaryKey?.columns ?? [];
  const generatedKey = pk.length === 1 && table.column(pk[0])?.kind === 'number';
  const hints: string[] = [];
  let loadPattern: string;
  let confidence = 0.5;
  if (update) {
    loadPattern = 'updated in place';
    hints.push(`Rows change after they are written: ${update.name} records the last change. Load incrementally with ${model.columnSql(table, update.name)} > :last_loaded_at.`);
    confidence += 0.15;
  } else if (event) {
    loadPattern = 'append-only by date';
    hints.push(`New rows arrive with later ${event.name} values and old rows are not updated (no update column). Load incrementally with ${model.columnSql(table, event.name)} > :last_loaded_date.`);
    if (generatedKey) {
      hints.push(`The key ${pk[0]} is a number; if it grows with ${event.name}, ${model.columnSql(table, pk[0])} > :last_id is a cheaper watermark.`);
      confidence += 0.05;
    }
  } else {
    loadPattern = 'unknown';
  }
  const dated = update ?? event;
  // The table's own MAX when it was read; else the profile's range (exact for small tables, from a sample otherwise).
  const read = dated ? table.facts.latest?.values.get(dated.name) : undefined;
  const latest = read ? read.max : (dated?.profile?.max ?? null);
  const earliest = read ? read.min : (dated?.profile?.min ?? null);
  const seenAt = read !== undefined && table.facts.latest ? table.facts.latest.readAt : (profile?.profiledAt ?? null);
  if (latest && seenAt) {
    confidence += 0.2;
    const latestDate = parseDate(latest);
    const when = read !== undefined ? 'when read' : 'when profiled';
    if (latestDate) {
      const lagDays = Math.floor((seenAt.getTime() - latestDate.getTime()) / DAY_MS);
      if (lagDays > STALE_AFTER_DAYS) hints.push(`The newest ${dated?.name} (${latest}) was ${lagDays} days old ${when} (${seenAt.toISOString().slice(0, 10)}): the table may no longer be loaded, or holds history up to ${latest}.`);
      else hints.push(`Fresh ${when} (${seenAt.toISOString().slice(0, 10)}): the newest ${dated?.name} was ${latest}, ${Math.max(0, lagDays)} day(s) old.`);
    }
  } else if (!profile) {
    hints.push('Neither read nor profiled yet: profile the table to learn its latest date.');
  }
  const thing = singularOf(table.name);
  const description = `${capitalize(humanize(table.name))} is ${loadPattern === 'unknown' ? 'loaded in an unknown way' : loadPattern}${dated ? ` (${dated.name})` : ''}${latest ? `; latest ${dated?.name} seen ${latest}${earliest ? `, earliest ${earliest}` : ''}` : ''}. One row per ${thing}.`;
  return {
    key: `process:${table.key}`,
    type: 'PROCESS',
    title: `Freshness of ${humanize(table.name)} (${table.key})`,
    schema: table.schema,
    table: table.name,
    confidence: Math.round(Math.min(0.9, confidence) * 100) / 100,
    basis: { loadPattern, dateColumn: event?.name ?? null, updateColumn: update?.name ?? null },
    body: {
      description,
      loadPattern,
      dateColumn: event?.name ?? null,
      updateColumn: update?.name ?? null,
      latestValue: latest,
      earliestValue: earliest,
      latestSeenAt: seenAt?.toISOString().slice(0, 10) ?? null,
      rowCount: table.rowCount,
      hints,
    },
  };
}
