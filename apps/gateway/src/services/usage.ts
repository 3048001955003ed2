import { badInput } from '../errors.ts';
import { requireScope, type ServiceContext } from './context.ts';

export interface UsageDay {
  day: string;
  predictions: number;
  trainingRuns: number;
  uploadedBytes: number;
}

/** Usage per UTC day over the last `days` days, every day present (zeros included). */
export async function usageByDay(ctx: ServiceContext, days: number): Promise<UsageDay[]> {
  const actor = requireScope(ctx, 'READ');
  if (!Number.isInteger(days) || days < 1 || days > 366) throw badInput('`days` must be between 1 and 366', { argument: 'days' });
  const since = new Date();
  since.setUTCHours(0, 0, 0, 0);
  since.setUTCDate(since.getUTCDate() - (days - 1));
  const rows = await ctx.db.$queryRaw<{ day: Date; kind: string; units: bigint }[]>`
    SELECT date_trunc('day', "createdAt" AT TIME ZONE 'UTC') AS day, "kind"::text AS kind, SUM("units")::bigint AS units
    FROM "UsageRecord"
    WHERE "tenantId" = ${actor.tenantId}::uuid AND "createdAt" >= ${since}
    GROUP BY 1, 2`;
  const byDay = new Map<string, UsageDay>();
  for (let i = 0; i < days; i += 1) {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    byDay.set(day, { day, predictions: 0, trainingRuns: 0, uploadedBytes: 0 });
  }
  for (const row of rows) {
    const entry = byDay.get(new Date(row.day).toISOString().slice(0, 10));
    if (!entry) continue;
    const units = Number(row.units);
    if (row.kind === 'PREDICTION') entry.predictions += units;
    else if (row.kind === 'TRAINING_RUN') entry.trainingRuns += units;
    else if (row.kind === 'DATASET_UPLOAD') entry.uploadedBytes += units;
  }
  return [...byDay.values()];
}
