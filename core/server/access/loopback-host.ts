import { isIPv4 } from 'node:net';

/** Whether a bind address (HOST) only answers this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  if (name === 'localhost' || name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  if (name.startsWith('::ffff:')) name = name.slice('::ffff:'.length);
  return isIPv4(name) && name.startsWith('127.');
}
