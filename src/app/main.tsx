import { render } from 'preact';
import { fetchAllWith, openSession } from './smart/session.js';
import { Root } from './ui/Root.js';
import type { AppSession } from './ui/types.js';
import './ui/styles.css';

async function open(): Promise<AppSession> {
  const s = await openSession();
  return {
    patientId: s.patientId,
    serverUrl: s.serverUrl,
    canWrite: s.canWrite,
    writebackOff: s.writebackOff,
    notGranted: s.notGranted,
    ...(s.fhirUser ? { fhirUser: s.fhirUser } : {}),
    ...(s.appContext ? { appContext: s.appContext } : {}),
    ...(s.organization ? { organization: s.organization } : {}),
    fetchAll: fetchAllWith(s),
    // Writes go through request() so an expired token is refreshed first (interop B-35).
    request: (init) =>
      s.client.request(
        init.method
          ? {
              url: init.url,
              method: init.method,
              ...(init.body ? { body: init.body } : {}),
              headers: init.headers ?? {},
            }
          : init.url,
      ),
  };
}

// The token request goes out as soon as the page's code has run, not from the first render's
// effect, which runs a frame later. A retry (Root's "try again") opens a new session.
let first: Promise<AppSession> | undefined = open();
first.catch(() => undefined); // Root awaits it and shows the failure
const openOnce = (): Promise<AppSession> => {
  const opening = first ?? open();
  first = undefined;
  return opening;
};
render(<Root open={openOnce} />, document.getElementById('app')!);
