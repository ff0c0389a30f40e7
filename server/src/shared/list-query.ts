import type { Sort } from 'mongodb';
import { badUserInput } from './errors';

export const MAX_PER_PAGE = 1000;
export const DEFAULT_PER_PAGE = 25;

/** The list parameters clients send (ra-data-graphql-simple's: page is zero-based). */
export interface ListParams {
  page?: number;
  perPage?: number;
  sortField?: string;
  sortOrder?: string;
}

export interface Page {
  skip: number;
  limit: number;
}

/**
 * The page to read. A lookup by ids without a page size (react-admin's getMany) gets every id it asked for.
 */
export function pageOf(args: ListParams, filter?: { ids?: readonly string[] | null }): Page {
  const page = args.page ?? 0;
  const perPage =
    args.perPage ?? (filter?.ids ? Math.min(Math.max(filter.ids.length, 1), MAX_PER_PAGE) : DEFAULT_PER_PAGE);
  if (!Number.isInteger(page) || page < 0) throw badUserInput('page', 'must be zero or more');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw badUserInput('perPage', `must be between 1 and ${MAX_PER_PAGE}`);
  }
  return { skip: page * perPage, limit: perPage };
}

/**
 * Turns sortField/sortOrder into a MongoDB sort over the resource's sortable fields
 * (GraphQL field name → stored field), with _id as the tie-breaker so pages are stable.
 */
export function sortOf(args: ListParams, sortable: Record<string, string>, fallback: Sort): Sort {
  if (!args.sortField) return fallback;
  const field = Object.hasOwn(sortable, args.sortField) ? sortable[args.sortField] : undefined;
  if (!field) {
    throw badUserInput(
      'sortField',
      `cannot sort by "${args.sortField}"; use one of ${Object.keys(sortable).join(', ')}`,
    );
  }
  const order = (args.sortOrder ?? 'ASC').toUpperCase();
  if (order !== 'ASC' && order !== 'DESC') throw badUserInput('sortOrder', 'must be ASC or DESC');
  const direction = order === 'ASC' ? 1 : -1;
  return field === '_id' ? { _id: direction } : { [field]: direction, _id: direction };
}
