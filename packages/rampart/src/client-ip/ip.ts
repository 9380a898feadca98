import { isIPv4, isIPv6 } from 'node:net';

/** Strips the IPv4-mapped IPv6 form (`::ffff:192.0.2.1`) that dual-stack sockets report, and zone ids. */
export function normalizeIp(raw: string): string {
  // Fast paths for what sockets report: a plain IPv4 address, or one mapped into IPv6 by a dual-stack listener.
  if (raw.length <= 15 && isIPv4(raw)) return raw;
  if (raw.length <= 22 && raw.startsWith('::ffff:') && isIPv4(raw.slice(7))) return raw.slice(7);
  let ip = raw.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone !== -1) ip = ip.slice(0, zone);
  if (ip.length > 7 && ip.slice(0, 7).toLowerCase() === '::ffff:' && isIPv4(ip.slice(7))) return ip.slice(7);
  return ip.toLowerCase();
}

/** The eight 16-bit groups of a valid IPv6 address (handles `::` and a trailing dotted IPv4). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length > 1 ? 8 - head.length - rest.length : 0;
  return [...head, ...new Array<string>(Math.max(0, fill)).fill('0'), ...rest]
    .slice(0, 8)
    .map((group) => Number.parseInt(group, 16) || 0);
}

/** RFC 5952 text for eight 16-bit groups: lower-case hex, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * The key a client is limited and blocked by. IPv4: the address. IPv6: the prefix of `prefixLength` bits in
 * canonical RFC 5952 form (`2001:db8:0:1::/64`, `2001:db8::/64`), because one subscriber is routinely given a whole
 * /64 and can rotate through 2^64 addresses: keying by full address would give each of them a fresh limit.
 */
export function ipKeyOf(ip: string, prefixLength: number): string {
  if (!ip.includes(':')) return ip;
  const groups = ipv6Groups(ip).map((group, i) => {
    const bitsInGroup = Math.max(0, Math.min(16, prefixLength - i * 16));
    return bitsInGroup === 16 ? group : group & ((0xffff << (16 - bitsInGroup)) & 0xffff);
  });
  return prefixLength >= 128 ? formatIpv6(groups) : `${formatIpv6(groups)}/${prefixLength}`;
}

/**
 * An address from an `X-Forwarded-For` entry, without the port some proxies append (`198.51.100.7:51234`,
 * `[2001:db8::7]:443`), or undefined when the entry is not an address.
 */
export function forwardedAddress(entry: string): string | undefined {
  let text = entry.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return undefined;
    text = text.slice(1, close);
  } else {
    const colon = text.indexOf(':');
    // One colon: IPv4 with a port. Several: an IPv6 address, which has no port without brackets.
    if (colon !== -1 && colon === text.lastIndexOf(':')) text = text.slice(0, colon);
  }
  const ip = normalizeIp(text);
  return isIp(ip) ? ip : undefined;
}

export function isIp(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}
