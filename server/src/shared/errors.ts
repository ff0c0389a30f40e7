/**
 * The errors the domain speaks in. Services throw these; they know nothing of GraphQL or HTTP.
 * The GraphQL edge (graphql/error-mapping.ts) turns each into the contract's code and HTTP status.
 */
export abstract class DomainError extends Error {}

/** Input the rules refuse; `field` names what to fix, `details` carries e.g. the line of a transcript. */
export class InvalidInputError extends DomainError {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidInputError';
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/**
 * What a three-way merge found when the editor's changes and those saved since overlap: the document at
 * the editor's base version, the base with the editor's changes, who saved in between, and the two
 * resolutions (the current document with the overlaps settled one way or the other) that both keep every
 * non-overlapping change of either side.
 */
export interface ConflictMerge {
  baseVersion: number;
  base: unknown;
  yours: unknown;
  conflictingFields: string[];
  theirsByIds: string[];
  /** Their names, filled in by whoever presents the conflict (the domain knows only ids). */
  theirsBy?: string[];
  preferYours: unknown;
  preferTheirs: unknown;
}

/** A write against a version that is no longer current; `current` is the stored document as it is now. */
export class ConflictError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expectedVersion: number,
    readonly current: unknown,
    readonly merge?: ConflictMerge,
  ) {
    super(
      merge
        ? `${entity} ${id} was changed by someone else in the same place you changed (${merge.conflictingFields.join(', ')}); choose what to keep`
        : `${entity} ${id} was changed by someone else (you edited version ${expectedVersion}); reload and reapply your change`,
    );
    this.name = 'ConflictError';
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'You must be logged in') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Too many attempts; the caller may try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyRequestsError';
  }
}

/** The database cannot be reached or cannot write; nothing was changed. */
export class UnavailableError extends DomainError {
  constructor(message = 'The database is unavailable; try again shortly') {
    super(message);
    this.name = 'UnavailableError';
  }
}

export function badUserInput(
  field: string,
  reason: string,
  details: Record<string, unknown> = {},
): InvalidInputError {
  return new InvalidInputError(field, reason, details);
}

export function notFound(entity: string, id: string): NotFoundError {
  return new NotFoundError(entity, id);
}

export function conflict(
  entity: string,
  id: string,
  expectedVersion: number,
  current: unknown,
  merge?: ConflictMerge,
): ConflictError {
  return new ConflictError(entity, id, expectedVersion, current, merge);
}

export function unauthenticated(message?: string): UnauthenticatedError {
  return new UnauthenticatedError(message);
}

export function forbidden(message?: string): ForbiddenError {
  return new ForbiddenError(message);
}
