import { isIP } from 'node:net';
import { isLoopbackHost } from './loopback-host';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
// Host headers already accepted, so a client's repeated `127.0.0.1:4000` costs one lookup.
const MEMO_LIMIT = 64;

/** `name:port`, `[v6]:port` or `name` without its port, lower-cased. */
function hostName(header: string): string {
  if (header.startsWith('[')) {
    const end = header.indexOf(']');
    return (end === -1 ? header : header.slice(0, end + 1)).toLowerCase();
  }
  const colon = header.indexOf(':');
  return (colon === -1 ? header : header.slice(0, colon)).toLowerCase();
}

/**
 * The DNS-rebinding defence: a page on evil.example whose name now resolves
 * to this machine reaches the gateway with `Host: evil.example`. On a loopback
 * bind only loopback names and GATEWAY_ALLOWED_HOSTS are served. On any other
 * bind the Host is checked only when GATEWAY_ALLOWED_HOSTS is set; IP literals
 * pass there too (a rebinding page always sends its own name, and a Kubernetes
 * probe sends the pod's IP). Undefined when no Host is refused.
 */
export function createHostCheck(bindHost: string, allowedHosts: readonly string[]): ((header: string | undefined) => boolean) | undefined {
  const loopback = isLoopbackHost(bindHost);
  if (!loopback && allowedHosts.length === 0) return undefined;
  const names = new Set<string>([...LOOPBACK_NAMES, ...allowedHosts.map((host) => host.trim().toLowerCase())]);
  const bind = bindHost.trim().toLowerCase();
  names.add(bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind);
  const accepted = new Set<string>();
  return (header) => {
    // HTTP/1.0 may omit Host; a browser never does.
    if (header === undefined || accepted.has(header)) return true;
    const name = hostName(header);
    const ok = names.has(name) || names.has(header.toLowerCase()) || (!loopback && isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0);
    if (ok && accepted.size < MEMO_LIMIT) accepted.add(header);
    return ok;
  };
}
