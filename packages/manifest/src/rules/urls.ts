/*
 * URL primitives shared by the rules. Parsing uses the WHATWG URL parser, which also normalises odd host
 * spellings (`0x7f.1`, `[::ffff:127.0.0.1]`), so the host checks below see canonical forms.
 */

/** `{name}` placeholders of a URL template (official: package and remote transport URLs). */
const TEMPLATE = /\{([^{}]+)\}/g;
/** A placeholder in port position: `host:{port}/...` or at the end. */
const PORT_TEMPLATE = /:\{[^{}]+\}(?=\/|$)/g;
/** True when `text` has whitespace or control characters, which the URL parser would drop or encode. */
function hasUnsafeChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return /\s/.test(text);
}

/** The variable names a URL template refers to, in order. */
export function templateVariables(text: string): string[] {
  return Array.from(text.matchAll(TEMPLATE), (match) => match[1] ?? '');
}

/** Fills every placeholder with a value that parses (a port number in port position), for checking. */
export function fillTemplates(text: string): string {
  return text.replace(PORT_TEMPLATE, ':8080').replace(TEMPLATE, 'placeholder');
}

/**
 * Parses an absolute http(s) URL with a host. Returns undefined for anything else, including text with
 * whitespace or control characters and scheme-relative shapes such as `https:example.com`.
 */
export function parseHttpUrl(text: string): URL | undefined {
  if (hasUnsafeChars(text) || !/^https?:\/\//i.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.hostname === '' ? undefined : url;
}

/** Lower-cased host without IPv6 brackets or a trailing root dot. */
function bareHost(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function ipv4Octets(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail is allowed). */
function ipv6Groups(host: string): number[] | undefined {
  if (!host.includes(':')) return undefined;
  let text = host;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const v4 = ipv4Octets(text.slice(lastColon + 1));
  if (v4) {
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    // Keep a "::" that precedes the IPv4 part; drop a single separating ":".
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined): number[] | undefined => {
    if (part === undefined || part === '') return [];
    const groups = part.split(':');
    if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 1) return explicit === 8 ? [...head, ...tail] : undefined;
  if (explicit > 7) return undefined;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
}

/** True for IPv4 addresses that are not publicly routable unicast. */
function isNonPublicIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 || // "this network", incl. 0.0.0.0
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) || // link-local
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT (RFC 6598)
    a >= 224 // multicast, reserved, broadcast
  );
}

/** True for hosts that name the local machine: `localhost`, `*.localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = ipv4Octets(host);
  if (v4) return v4[0] === 127;
  const v6 = ipv6Groups(host);
  if (!v6) return false;
  if (v6.slice(0, 7).every((g) => g === 0) && v6[7] === 1) return true;
  // IPv4-mapped (::ffff:127.x.y.z)
  return v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff && (v6[6] ?? 0) >> 8 === 127;
}

/**
 * True for hosts a remote must not use (official rule): localhost names and IP literals that are
 * loopback, unspecified, private, link-local, multicast, broadcast or carrier-grade NAT.
 */
export function isNonPublicHost(hostname: string): boolean {
  const host = bareHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = ipv4Octets(host);
  if (v4) return isNonPublicIpv4(v4);
  const v6 = ipv6Groups(host);
  if (!v6) return false;
  const [g0 = 0] = v6;
  // Embedded IPv4 (mapped ::ffff:a.b.c.d or the old compatible ::a.b.c.d, which covers :: and ::1).
  if (v6.slice(0, 5).every((g) => g === 0) && (v6[5] === 0xffff || v6[5] === 0)) {
    const hi = v6[6] ?? 0;
    const lo = v6[7] ?? 0;
    return isNonPublicIpv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  return (
    (g0 & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (g0 & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (g0 & 0xff00) === 0xff00 // multicast ff00::/8
  );
}
