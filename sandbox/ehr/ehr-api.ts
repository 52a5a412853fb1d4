import type {
  Bundle,
  BundleEntry,
  Condition,
  Observation,
  Patient,
  Resource,
  ServiceRequest,
} from 'fhir/r4';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthServer } from '../auth/auth-server.js';
import type { SandboxCdsClient } from './cds-client.js';
import {
  badRequest,
  forbidden,
  misdirectedRequest,
  notFound,
  unsupportedMediaType,
} from '../../cds-hooks/outcomes.js';
import { problem, problemOnError } from '../problem.js';
import { loadChart } from '../../src/app/data/load-chart.js';
import { assessPatient } from '../../src/assess/assess.js';
import { worklistEntry } from '../../src/cli/worklist.js';
import { CORE_QUERIES, REFERRALS_QUERY } from '../../src/facts/queries.js';

export interface EhrApiOptions {
  auth: AuthServer;
  cds: SandboxCdsClient;
  /** Calls the embedded FHIR endpoint with the EHR's own token. */
  fhir: (relativeUrl: string, init?: RequestInit) => Promise<Response>;
  fhirBase: string;
  launchUrl: string;
  user: string;
  /** fhirAuthorization for the CDS service: a short-lived patient-scoped token. */
  cdsClientId: string;
  /** The EHR page's own origin: the only one allowed to change anything through this API. */
  origin: string;
}

/** The sandbox EHR's local orderable for "Referral to spine surgery" (configured as a trigger). */
export const SPINE_REFERRAL_CODING = {
  system: 'http://ehr.example.org/CodeSystem/orderables',
  code: 'REF-SPINE-SURG',
  display: 'Referral to spine surgery',
};

const launchBody = z.object({
  patient: z.string().min(1).max(64),
  appContext: z.string().max(4096).optional(),
  readOnly: z.boolean().optional(),
});
const hookBody = z.object({
  patient: z.string().min(1).max(64),
  hook: z.enum(['order-select', 'order-sign']),
  draft: z.looseObject({
    resourceType: z.literal('ServiceRequest'),
    id: z.string().min(1).max(64),
  }),
  usePrefetch: z.boolean().optional(),
});
const applyBody = z.object({
  actions: z
    .array(
      z.looseObject({
        type: z.enum(['create', 'update', 'delete']),
        resource: z.looseObject({ resourceType: z.string() }).optional(),
        resourceId: z.string().optional(),
      }),
    )
    .max(20),
});
const feedbackBody = z.object({
  serviceId: z.string().min(1).max(128),
  feedback: z.array(z.unknown()).min(1).max(20),
});

function displayName(p: Patient): string {
  const n = p.name?.[0];
  return (
    [n?.prefix?.join(' '), n?.given?.join(' '), n?.family].filter(Boolean).join(' ') ||
    p.id ||
    'Unnamed'
  );
}
type Concept = {
  text?: string | undefined;
  coding?: Array<{ display?: string | undefined; code?: string | undefined }> | undefined;
};
function codeText(cc: Concept | undefined): string {
  return cc?.text ?? cc?.coding?.[0]?.display ?? cc?.coding?.[0]?.code ?? '';
}

/** Back end of the EHR page: patient list, chart summary, app launch, orders through CDS Hooks. */
export function createEhrApi(opts: EhrApiOptions): Hono {
  const app = new Hono();
  const json = async <T>(url: string) => (await (await opts.fhir(url)).json()) as T;

  // The page's back end has no login (a development sandbox on loopback), so it must not be
  // drivable from other sites: the Host must be the sandbox's own (no DNS rebinding), and a change
  // must be a JSON request (a cross-site form or text/plain POST cannot be) from the page's origin.
  const own = new URL(opts.origin);
  // The sandbox's own name, and the other loopback name for the same port (a newcomer may type
  // either).
  const hosts = new Set([
    own.host,
    ...(/^(127\.0\.0\.1|localhost|\[::1\])$/.test(own.hostname)
      ? [`localhost:${own.port}`, `127.0.0.1:${own.port}`]
      : []),
  ]);
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    if (!hosts.has(url.host)) return problem(c, misdirectedRequest('Unknown host.'));
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
        return problem(c, unsupportedMediaType('Send JSON (content-type: application/json).'));
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if (
        (origin !== undefined && origin !== url.origin) ||
        (origin === undefined && site !== undefined && site !== 'same-origin')
      ) {
        return problem(c, forbidden('Cross-origin requests are refused.'));
      }
    }
    return next();
  });

  app.get('/patients', async (c) => {
    const b = await json<Bundle<Patient>>('Patient?_count=1000');
    const patients = (b.entry ?? [])
      .map((e) => e.resource!)
      .map((p) => ({ id: p.id!, name: displayName(p), birthDate: p.birthDate, gender: p.gender }));
    patients.sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
    return c.json({ patients });
  });

  /**
   * The safety-net worklist over every patient of this EHR: the same query plan as the app, the
   * same engine and the same rule as `npm run assess -- --worklist` (src/cli/worklist.ts).
   */
  app.get('/worklist', async (c) => {
    const b = await json<Bundle<Patient>>('Patient?_count=1000');
    const asOf = new Date().toISOString().slice(0, 10);
    const fetchAll = async (url: string): Promise<Resource[]> => {
      const out: Resource[] = [];
      let next: string | undefined = url;
      while (next) {
        const res = await opts.fhir(next);
        if (!res.ok) throw new Error(`FHIR ${res.status}`);
        const body = (await res.json()) as Resource;
        if (body.resourceType !== 'Bundle') return [body];
        out.push(...((body as Bundle).entry ?? []).map((e) => e.resource!));
        const link = (body as Bundle).link?.find((l) => l.relation === 'next')?.url;
        next = link
          ? link.slice(link.indexOf(opts.fhirBase) === 0 ? opts.fhirBase.length + 1 : 0)
          : undefined;
      }
      return out;
    };
    const entries = [];
    for (const p of (b.entry ?? []).map((e) => e.resource!)) {
      const { resources } = await loadChart(p.id!, fetchAll, () => undefined, [
        ...CORE_QUERIES,
        REFERRALS_QUERY,
      ]);
      const a = assessPatient(resources, { asOf });
      const entry = worklistEntry(
        a,
        resources.filter((r): r is ServiceRequest => r.resourceType === 'ServiceRequest'),
      );
      if (entry) entries.push({ ...entry, name: displayName(p) });
    }
    entries.sort((x, y) => x.patientId.localeCompare(y.patientId, undefined, { numeric: true }));
    return c.json({ asOf, entries });
  });

  app.get('/patients/:id', async (c) => {
    const id = c.req.param('id');
    const res = await opts.fhir(`Patient/${encodeURIComponent(id)}`);
    if (!res.ok) return problem(c, notFound('Patient not found.'));
    const patient = (await res.json()) as Patient;
    const [conditions, observations, orders] = await Promise.all([
      json<Bundle<Condition>>(`Condition?patient=${encodeURIComponent(id)}&_count=50`),
      json<Bundle<Observation>>(
        `Observation?patient=${encodeURIComponent(id)}&_sort=-date&_count=12`,
      ),
      json<Bundle<ServiceRequest>>(`ServiceRequest?patient=${encodeURIComponent(id)}&_count=20`),
    ]);
    return c.json({
      id,
      name: displayName(patient),
      birthDate: patient.birthDate,
      gender: patient.gender,
      conditions: (conditions.entry ?? []).map((e) => ({
        id: e.resource!.id,
        text: codeText(e.resource!.code),
        onset: e.resource!.onsetDateTime ?? e.resource!.recordedDate,
      })),
      observations: (observations.entry ?? []).map((e) => {
        const o = e.resource!;
        const value = o.valueQuantity
          ? `${o.valueQuantity.value} ${o.valueQuantity.unit ?? o.valueQuantity.code ?? ''}`.trim()
          : (o.valueInteger ?? o.valueString ?? codeText(o.valueCodeableConcept) ?? '');
        return {
          id: o.id,
          text: codeText(o.code),
          value: String(value ?? ''),
          date: o.effectiveDateTime ?? o.issued,
        };
      }),
      orders: (orders.entry ?? []).map((e) => ({
        id: e.resource!.id,
        text: codeText(e.resource!.code),
        status: e.resource!.status,
        priority: e.resource!.priority,
        authoredOn: e.resource!.authoredOn,
      })),
    });
  });

  app.post('/launch', async (c) => {
    const body = launchBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return problem(c, badRequest('Give a patient id.'));
    const launch = opts.auth.createLaunch({
      patient: body.data.patient,
      user: opts.user,
      ...(body.data.appContext ? { appContext: body.data.appContext } : {}),
      ...(body.data.readOnly ? { readOnly: true } : {}),
    });
    const url = new URL(opts.launchUrl);
    url.searchParams.set('iss', opts.fhirBase);
    url.searchParams.set('launch', launch);
    return c.json({ url: url.href });
  });

  app.post('/hooks', async (c) => {
    const body = hookBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success)
      return problem(c, badRequest('Give patient, hook and a draft ServiceRequest.'));
    const { patient, hook, draft } = body.data;
    const token = await opts.auth.mintToken(
      opts.cdsClientId,
      'patient/Patient.rs patient/Condition.rs patient/Observation.rs ' +
        'patient/MedicationRequest.rs patient/MedicationStatement.rs patient/Procedure.rs ' +
        'patient/ServiceRequest.rs',
      { patient, user: opts.user },
    );
    const context: Record<string, unknown> = {
      userId: opts.user,
      patientId: patient,
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] },
      ...(hook === 'order-select' ? { selections: [`ServiceRequest/${draft.id}`] } : {}),
    };
    try {
      const result = await opts.cds.call({
        hook,
        context,
        prefetch: body.data.usePrefetch !== false,
        fhirServer: opts.fhirBase,
        fhirAuthorization: {
          access_token: token.access_token,
          token_type: 'Bearer',
          expires_in: token.expires_in,
          scope: token.scope,
          subject: opts.cdsClientId,
          patient,
        },
      });
      return c.json(result);
    } catch (e) {
      return c.json(
        {
          status: 502,
          body: null,
          error: `The CDS service could not be called: ${(e as Error).message}`,
        },
        200,
      );
    }
  });

  /**
   * Applies a suggestion's create/delete actions to the FHIR server as one transaction (updates of
   * the draft stay in the page).
   */
  app.post('/apply', async (c) => {
    const body = applyBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return problem(c, badRequest('Give the actions to apply.'));
    const entry: BundleEntry[] = [];
    for (const a of body.data.actions) {
      if (a.type === 'create' && a.resource)
        entry.push({
          resource: a.resource as Resource,
          request: { method: 'POST', url: a.resource.resourceType },
        });
      if (a.type === 'delete' && a.resourceId)
        entry.push({ request: { method: 'DELETE', url: a.resourceId } });
    }
    if (!entry.length) return c.json({ created: [] });
    const res = await opts.fhir('', {
      method: 'POST',
      body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }),
      headers: { 'content-type': 'application/fhir+json' },
    });
    const out = (await res.json()) as Bundle;
    if (!res.ok)
      return problem(c, badRequest('The FHIR server refused the actions.'), { fhirOutcome: out });
    return c.json({
      created: (out.entry ?? [])
        .map((e) => e.response?.location?.split('/_history')[0])
        .filter(Boolean),
    });
  });

  /** Signing stores the order on the FHIR server, as an EHR does after order-sign. */
  app.post('/orders', async (c) => {
    const body = z
      .object({ order: z.looseObject({ resourceType: z.literal('ServiceRequest') }) })
      .safeParse(await c.req.json().catch(() => null));
    if (!body.success) return problem(c, badRequest('Give the ServiceRequest.'));
    const order = { ...(body.data.order as unknown as ServiceRequest), status: 'active' as const };
    delete order.id;
    const res = await opts.fhir('ServiceRequest', {
      method: 'POST',
      body: JSON.stringify(order),
      headers: { 'content-type': 'application/fhir+json' },
    });
    const created = (await res.json()) as ServiceRequest;
    return res.ok
      ? c.json({ id: created.id })
      : problem(c, badRequest('The FHIR server refused the order.'), { fhirOutcome: created });
  });

  app.post('/feedback', async (c) => {
    const body = feedbackBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return problem(c, badRequest('Give serviceId and feedback.'));
    return c.json({ status: await opts.cds.feedback(body.data.serviceId, body.data.feedback) });
  });

  app.all('*', (c) => problem(c, notFound()));
  app.onError(problemOnError());
  return app;
}
