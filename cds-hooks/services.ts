import type { z } from 'zod';
import { CORE_QUERIES, REFERRALS_QUERY, type CoreQuery } from '../src/facts/queries.js';
import type { CdsConfig } from './config.js';
import { badRequest } from './outcomes.js';
import { patientViewService } from './patient-view-service.js';
import { referralService } from './referral-service.js';
import {
  describeIssues,
  orderContextSchema,
  orderSelectContextSchema,
  patientViewContextSchema,
} from './request-schema.js';
import type { HookCall, ServiceOutcome } from './service-kit.js';

/**
 * The CDS services, one row each: what discovery says, the queries the service reads (its
 * prefetch templates are generated from them, so prefetch alone can always answer), the hook
 * context it accepts and its handler. Discovery, the routes and docs/cds-hooks.md follow this
 * table.
 */

/** One id per hook: clients that key services by id would otherwise keep only one of them. */
export const REFERRAL_SERVICE_ID = 'spine-surgery-referral';
export const REFERRAL_SIGN_SERVICE_ID = 'spine-surgery-referral-sign';
export const PATIENT_VIEW_SERVICE_ID = 'spine-met-actionable';

export type Hook = 'order-select' | 'order-sign' | 'patient-view';

/** A call before its context is checked: the route fills it, the row's `run` checks the rest. */
export type ServiceCall = Omit<HookCall<unknown>, 'context' | 'queries'>;

export interface CdsService {
  id: string;
  hook: Hook;
  title: string;
  description: string;
  /** What it reads; prefetch templates and the fetches without prefetch are both these. */
  queries: readonly CoreQuery[];
  /** Whether a deployment offers it (patient-view is off by default: alert fatigue). */
  enabled(config: CdsConfig): boolean;
  /** Checks the context (400 when it does not fit the hook), then answers. */
  run(call: ServiceCall): Promise<ServiceOutcome>;
}

/** The CDS Hooks discovery entry of a service (CDS Hooks 2.0 §Discovery). */
export interface DiscoveryEntry {
  hook: Hook;
  id: string;
  title: string;
  description: string;
  usageRequirements: string;
  prefetch: Record<string, string>;
}

interface ServiceRow<C> extends Omit<CdsService, 'run'> {
  context: z.ZodType<C>;
  handle(call: HookCall<C>): Promise<ServiceOutcome>;
}

/** A row with its context schema and handler bound together, so the table holds one type. */
function service<C>(row: ServiceRow<C>): CdsService {
  const { context, handle, ...meta } = row;
  return {
    ...meta,
    async run(call) {
      const ctx = context.safeParse(call.request.context);
      if (!ctx.success) {
        return { error: badRequest(`Invalid ${row.hook} context: ${describeIssues(ctx.error)}`) };
      }
      return handle({ ...call, context: ctx.data, queries: row.queries });
    },
  };
}

const always = () => true;

export const CDS_SERVICES: readonly CdsService[] = [
  service({
    id: REFERRAL_SERVICE_ID,
    hook: 'order-select',
    title: 'Spine metastasis surgical candidacy',
    description:
      'When a spine-surgery, neurosurgery or orthopaedic-spine referral or a spinal ' +
      'procedure is selected for a patient with spinal metastasis, scores revised ' +
      'Tokuhashi, Tomita, SINS, new Katagiri and more from the chart and returns a ' +
      'candidacy card and an approach card with their rules, inputs and sources.',
    queries: CORE_QUERIES,
    enabled: always,
    context: orderSelectContextSchema,
    handle: referralService,
  }),
  service({
    id: REFERRAL_SIGN_SERVICE_ID,
    hook: 'order-sign',
    title: 'Spine metastasis surgical candidacy (sign)',
    description:
      'Same logic as order-select, run on the complete draft referral at signing; ' +
      'replaces the earlier cards.',
    queries: CORE_QUERIES,
    enabled: always,
    context: orderContextSchema,
    handle: referralService,
  }),
  service({
    id: PATIENT_VIEW_SERVICE_ID,
    hook: 'patient-view',
    title: 'Spine metastasis: actionable findings',
    description:
      'On chart open, speaks only when a spinal metastasis has an unstable spine (SINS ' +
      '13–18) or high-grade cord compression (ESCC 2–3) and no spine referral is on ' +
      'record.',
    queries: [...CORE_QUERIES, REFERRALS_QUERY],
    enabled: (config) => config.patientViewEnabled,
    context: patientViewContextSchema,
    handle: patientViewService,
  }),
];

/** The services this deployment offers, in table order. */
export function offeredServices(config: CdsConfig): CdsService[] {
  return CDS_SERVICES.filter((s) => s.enabled(config));
}

export function serviceById(id: string): CdsService | undefined {
  return CDS_SERVICES.find((s) => s.id === id);
}

/** Prefetch templates: one per query of the service, keyed as the handler reads them. */
export function prefetchTemplates(queries: readonly CoreQuery[]): Record<string, string> {
  return Object.fromEntries(queries.map((q) => [q.key, q.template]));
}

/** The resource types a service reads, from its query templates (`Patient/…`, `Condition?…`). */
function resourceTypes(queries: readonly CoreQuery[]): string[] {
  return [...new Set(queries.map((q) => q.template.split(/[/?]/)[0]!))];
}

export function discoveryEntry(s: CdsService): DiscoveryEntry {
  const types = resourceTypes(s.queries);
  const list = `${types.slice(0, -1).join(', ')} and ${types.at(-1)}`;
  return {
    hook: s.hook,
    id: s.id,
    title: s.title,
    description: s.description,
    usageRequirements:
      `Needs read access to ${list} through prefetch or fhirAuthorization (patient/ or ` +
      `user/ scopes, v1 or v2). SINS imaging items are completed in the linked SMART app.`,
    prefetch: prefetchTemplates(s.queries),
  };
}
