import { currentAssignment } from '../core/index.js';
import { releaseRound } from './assign.js';
import type { AppDependencies } from './dependencies.js';
import { NotFoundError } from './errors.js';
import { resolveLead } from './leads.js';
import { isErased } from './ports/store.js';

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
export const eraseLead = async (deps: Pick<AppDependencies, 'store' | 'now'>, leadId: string): Promise<void> => {
  const found = await resolveLead(deps.store, leadId);
  if (!found) {
    const left = await deps.store.getLead(leadId);
    if (isErased(left)) await deps.store.erase([left.leadId, ...(left.aliases ?? [])], left.erasedAt);
    throw new NotFoundError(`no lead ${leadId}`);
  }
  // The rep's place first: once erased, nothing says the lead held one. A crash after it leaves
  // the lead to erase again, and the team's moves make freeing it again a no-op.
  const assignment = found.lifecycle ? currentAssignment(found.lifecycle) : undefined;
  if (assignment && !assignment.releasedAt && (found.lifecycle?.stage === 'MQL' || found.lifecycle?.stage === 'SAL')) await releaseRound(deps.store, assignment, found.lead.leadId);
  await deps.store.erase([found.lead.leadId, ...found.lead.mergedFrom], deps.now().toISOString());
};
