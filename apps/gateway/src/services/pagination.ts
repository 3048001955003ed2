import { z } from 'zod';
import { badInput } from '../errors.ts';

export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const CursorSchema = z.tuple([z.string().datetime(), z.string().uuid()]);

/** Opaque keyset cursor over (createdAt desc, id desc). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw badInput('`after` is not a cursor returned by this API', { argument: 'after' });
  }
}

export function pageSize(first: number | null | undefined, defaultSize = 20): number {
  const size = first ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}`, { argument: 'first' });
  }
  return size;
}

/** Prisma `where` fragment for rows strictly after the cursor in (createdAt desc, id desc) order. */
export function afterCursorWhere(after: string | null | undefined, field: 'createdAt' | 'queuedAt' = 'createdAt') {
  if (!after) return {};
  const cursor = decodeCursor(after);
  return {
    OR: [{ [field]: { lt: cursor.createdAt } }, { [field]: cursor.createdAt, id: { lt: cursor.id } }],
  };
}

export const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Builds a connection from `size + 1` fetched rows (the extra row only tells whether there is a next page). */
export function toConnection<T extends { id: string }>(
  rows: T[],
  size: number,
  hadCursor: boolean,
  cursorOf: (row: T) => string,
): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
