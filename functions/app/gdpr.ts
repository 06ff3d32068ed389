import { answersOf, currentAssignment, emailOf } from '../core/index.js';
import { releaseRound } from './assign.js';
import type { AppDependencies } from './dependencies.js';
import { NotFoundError } from './errors.js';
import { resolveLead } from './leads.js';
import { isErased } from './ports/store.js';
import { emailSha256, queueLeadErased } from './webhook-outbox.js';

/** A lead and every lead merged into it: what GDPR access and erasure cover. */
const identities = async (deps: Pick<AppDependencies, 'store'>, leadId: string): Promise<string[]> => {
  const found = await resolveLead(deps.store, leadId);
  if (!found) throw new NotFoundError(`no lead ${leadId}`);
  return [found.lead.leadId, ...found.lead.mergedFrom];
};

/** Everything stored about a lead and its aliases, as stored (GDPR access). */
export const exportLead = async (deps: Pick<AppDependencies, 'store' | 'now'>, leadId: string) => {
  const leadIds = await identities(deps, leadId);
  return { leadId: leadIds[0], leadIds, exportedAt: deps.now().toISOString(), items: await deps.store.itemsOf(leadIds) };
};

/**
 * Erases a lead, its aliases and everything keyed to them (GDPR erasure). An erase that stopped
 * half-way (a crash) is finished from its tombstone, and the lead still counts as not found.
 */
export const eraseLead = async (deps: Pick<AppDependencies, 'store' | 'now' | 'webhookQueue'>, leadId: string): Promise<void> => {
  const found = await resolveLead(deps.store, leadId);
  if (!found) {
    const left = await deps.store.getLead(leadId);
    if (isErased(left)) {
      const leadIds = [left.leadId, ...(left.aliases ?? [])];
      await deps.store.erase(leadIds, left.erasedAt);
      await deps.store.redactWebhookDeliveries(leadIds, left.erasedAt);
    }
    throw new NotFoundError(`no lead ${leadId}`);
  }
  // Queued before the erase, while the email is known: a crash between leaves a lead the admin's
  // next DELETE erases (its `lead.erased` already stored, and not made twice), never an erasure the CRM misses.
  const email = emailOf(answersOf(found.lead));
  await queueLeadErased(deps, found.lead.leadId, email === undefined ? undefined : emailSha256(email));
  // The rep's place first: once erased, nothing says the lead held one. A crash after it leaves
  // the lead to erase again, and the team's moves make freeing it again a no-op.
  const assignment = found.lifecycle ? currentAssignment(found.lifecycle) : undefined;
  if (assignment && !assignment.releasedAt && (found.lifecycle?.stage === 'MQL' || found.lifecycle?.stage === 'SAL')) await releaseRound(deps.store, assignment, found.lead.leadId);
  const leadIds = [found.lead.leadId, ...found.lead.mergedFrom];
  const erasedAt = deps.now().toISOString();
  await deps.store.erase(leadIds, erasedAt);
  // Webhook bodies hold the email and answers outside the lead's partition: emptied too, and never sent again.
  await deps.store.redactWebhookDeliveries(leadIds, erasedAt);
};
