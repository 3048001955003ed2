import { z } from 'zod';
import type { Tenant } from '@modelgraph/db';
import { notFound } from '../errors.ts';
import { parseInput, insertApiKey, type CreatedKey } from './api-keys.ts';
import { requireOperator, type ServiceContext } from './context.ts';

const CreateTenantInputSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(200, 'name must be at most 200 characters'),
  adminKeyName: z.string().trim().min(1).max(100).nullish().transform((v) => v ?? 'admin'),
});

export async function createTenant(
  ctx: ServiceContext,
  rawInput: z.input<typeof CreateTenantInputSchema>,
): Promise<{ tenant: Tenant; adminKey: CreatedKey }> {
  requireOperator(ctx);
  const input = parseInput(CreateTenantInputSchema, rawInput);
  // Inside a caller's transaction (first-start bootstrap) the transaction client has no $transaction.
  const inTransaction = <T>(fn: (tx: ServiceContext['db']) => Promise<T>) =>
    typeof ctx.db.$transaction === 'function' ? ctx.db.$transaction((tx) => fn(tx as ServiceContext['db'])) : fn(ctx.db);
  const result = await inTransaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { name: input.name } });
    const adminKey = await insertApiKey(tx as ServiceContext['db'], tenant.id, {
      name: input.adminKeyName,
      scopes: ['ADMIN'],
    });
    return { tenant, adminKey };
  });
  ctx.logger.info({ tenantId: result.tenant.id }, 'tenant created');
  return result;
}

/** The caller's own tenant; the operator has none. */
export async function getOwnTenant(ctx: ServiceContext): Promise<Tenant | null> {
  if (ctx.actor.kind !== 'tenant') return null;
  const tenant = await ctx.db.tenant.findUnique({ where: { id: ctx.actor.tenantId } });
  if (!tenant) throw notFound('Tenant', ctx.actor.tenantId);
  return tenant;
}
