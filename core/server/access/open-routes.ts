/**
 * The routes served without a key: `HEAD /` and the health routes, which
 * answer probes and carry no secret. Health is `/health` and everything under
 * `/health/` (the core's), and a plugin's GET route whose path ends in
 * `/health`; a plugin's `/health/detailed` calls the upstream, so it is not open.
 * Paths are compared as express routes them: case-insensitive, one trailing slash ignored.
 */
export function createOpenRouteCheck(pluginHealthPaths: readonly string[]): (method: string | undefined, url: string) => boolean {
  const pluginPaths = new Set(pluginHealthPaths.map((path) => path.toLowerCase()));
  return (method, url) => {
    if (method !== 'GET' && method !== 'HEAD') return false;
    const query = url.indexOf('?');
    let path = (query === -1 ? url : url.slice(0, query)).toLowerCase();
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    if (path === '/') return method === 'HEAD';
    return path === '/health' || path.startsWith('/health/') || pluginPaths.has(path);
  };
}

/** GET routes of the plugins' manifests whose path ends in `/health`. */
export function pluginHealthPaths(manifests: Iterable<{ routes?: ReadonlyArray<{ method: string; path: string }> }>): string[] {
  const paths: string[] = [];
  for (const manifest of manifests) {
    for (const route of manifest.routes ?? []) if (route.method === 'GET' && route.path.toLowerCase().endsWith('/health')) paths.push(route.path);
  }
  return paths;
}
