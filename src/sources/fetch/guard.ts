import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { IntakeError } from '../../core/codes.js';

/**
 * Fetching on a user's word is a way into the network behind Intake (SSRF). An
 * address in a private, loopback, link-local or otherwise special range is refused
 * unless the configuration allows it, by host name, address or CIDR range. The
 * check runs on the resolved addresses, and the connection goes to the address that
 * was checked, so a name cannot resolve differently a moment later.
 */
export interface FetchPolicy {
  /** Host names, addresses or CIDR ranges that may be private. */
  allowHosts: string[];
  maxBytes: number;
  timeoutMs: number;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  allowHosts: [],
  maxBytes: 2 * 1024 ** 3,
  timeoutMs: 120_000,
};

function allowed(host: string, address: string, policy: FetchPolicy): boolean {
  const ip = ipaddr.process(address);
  return policy.allowHosts.some((rule) => {
    if (rule.toLowerCase() === host.toLowerCase() || rule === address) return true;
    if (!rule.includes('/')) return false;
    try {
      const [range, bits] = ipaddr.parseCIDR(rule);
      return ip.kind() === range.kind() && ip.match([range, bits]);
    } catch {
      return false;
    }
  });
}

/** The address to connect to, once it is known to be public or allowed. */
export async function checkedAddress(
  host: string,
  policy: FetchPolicy,
  shown: string,
): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(bare)
      ? [bare]
      : (await lookup(bare, { all: true })).map((a) => a.address);
  } catch (e) {
    throw new IntakeError(
      'INTAKE_E_FETCH',
      `${shown}: the host cannot be found (${(e as NodeJS.ErrnoException).code ?? 'DNS error'})`,
    );
  }
  for (const address of addresses) {
    const range = ipaddr.process(address).range();
    if (range !== 'unicast' && !allowed(bare, address, policy)) {
      throw new IntakeError(
        'INTAKE_E_FETCH_FORBIDDEN',
        `${shown}: ${address} is a ${range} address; fetching from it is refused unless the configuration allows it (allowHosts)`,
      );
    }
  }
  return addresses[0]!;
}

/**
 * A DNS lookup for a request that always answers `address`: the request connects to
 * the address that was checked, whatever DNS says a moment later (no rebinding).
 */
export function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all)
      (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address, family },
      ]);
    else cb(null, address, family);
  };
}
