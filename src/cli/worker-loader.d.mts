export function bundleIsCurrent(): boolean;
export function loadWorker(name: string, source: URL): Promise<unknown>;
