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
