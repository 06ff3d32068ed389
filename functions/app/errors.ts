import type { Issue } from '../core/index.js';

/**
 * What a use case refuses, in the caller's terms and no transport's: the HTTP layer answers
 * each in the SPEC's error shape (functions/http/framework/app-errors.ts), a worker logs it.
 */
export class AppError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request is not valid; each issue names the field. */
export class InvalidRequestError extends AppError {
  constructor(
    message: string,
    readonly issues?: Issue[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What the request names does not exist (or no longer does); `issues` when a batch names several. */
export class NotFoundError extends AppError {
  constructor(
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

/** The request is fine, but the state it meets refuses it (already decided, another cycle, a publish race). */
export class StateConflictError extends AppError {}

/** A rep's link, once the lead moved to another rep: the message names who has it now. */
export class MovedAwayError extends StateConflictError {}

/** A return the playbook's follow-up rule refuses until enough contact attempts are logged. */
export class FollowUpRequiredError extends StateConflictError {}

/** Stripe's and Powertools' rule: an idempotency key names one request, and another body under it is refused. */
export class IdempotencyKeyReusedError extends AppError {
  constructor(
    readonly key: 'submissionId' | 'eventId',
    readonly issues: Issue[] = [{ path: key, message: 'was used before for another request' }],
    message = `this ${key} was sent before with another body; send a new ${key} for a new request`,
  ) {
    super(message);
  }
}

/** The request's work is stored but could not finish now: the same request again will. */
export class BusyError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The lead was erased while a step or event for it was being stored: start it again under the id's successor. */
export class LeadErasedError extends Error {
  override name = 'LeadErasedError';
  constructor(
    readonly leadId: string,
    options?: ErrorOptions,
  ) {
    super(`lead ${leadId} was erased`, options);
  }
}

/** The lead was erased again and again while the request was being stored: nothing is kept, and a retry starts a new lead. */
export const erasedMeanwhile = (options?: ErrorOptions): BusyError =>
  new BusyError('this lead was erased while the request was stored; send it again to start a new lead', 1, options);

/** For a `catch`: the retryable answer in place of a LeadErasedError, any other error as it was. */
export const erasedTooOften = (error: unknown): never => {
  if (error instanceof LeadErasedError) throw erasedMeanwhile({ cause: error });
  throw error;
};

/** Lead ids are issued by the server: a made-up one names no lead and creates none. */
export const unknownLeadId = (path = 'leadId'): InvalidRequestError =>
  new InvalidRequestError('this leadId was not issued by Winnow', [{ path, message: 'must be a leadId issued by Winnow (from GET /v1/forms/{formId}/next)' }]);
