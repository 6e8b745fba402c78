/** Where the two listening ports come from, to name the setting that changes each. */
export interface PortSettings {
  port?: number;
  metricsPort?: number;
}

interface ListenError extends Error {
  code?: string;
  address?: string;
  port?: number;
}

function portSetting(error: ListenError, ports: PortSettings): string {
  const metrics = error.port !== undefined && error.port === ports.metricsPort && error.port !== ports.port;
  return metrics ? 'GATEWAY_METRICS_PORT (or metricsPort in gateway.config.ts)' : 'PORT (or server.port in gateway.config.ts)';
}

/**
 * One line for a boot that failed. A port that cannot be bound names the
 * address and the setting that changes it; anything else is a configuration
 * mistake whose message says what is wrong. Never a stack.
 */
export function describeBootError(error: Error, ports: PortSettings = {}): string {
  const listen = error as ListenError;
  const where = listen.address !== undefined ? `${listen.address.includes(':') ? `[${listen.address}]` : listen.address}:${listen.port}` : `port ${listen.port}`;
  switch (listen.code) {
    case 'EADDRINUSE':
      return `Cannot listen on ${where}: the port is already in use (EADDRINUSE: another gateway, or another program). Set ${portSetting(listen, ports)} to a free port, or stop what holds it.`;
    case 'EACCES':
      return `Cannot listen on ${where}: permission denied (EACCES: ports below 1024 need privileges). Set ${portSetting(listen, ports)} to a port of 1024 or more.`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${where}: ${listen.address} is not an address of this machine (EADDRNOTAVAIL). Set HOST (or server.host in gateway.config.ts) to one of its addresses, or 127.0.0.1.`;
    default:
      return `${error.name === 'Error' ? 'Error' : error.name}: ${error.message}`;
  }
}
