// What one call costs a dialect connection in round trips: the measure every dialect test asserts on.
import type { DialectConnection } from '@querent/common';

export async function roundTripsOf<T>(connection: DialectConnection, call: () => Promise<T>): Promise<{ value: T; trips: number }> {
  const before = connection.stats.roundTrips;
  const value = await call();
  return { value, trips: connection.stats.roundTrips - before };
}
