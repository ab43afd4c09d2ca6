// What a Set-Cookie header says, read the way a browser reads it (RFC 6265): the pure part of
// exercise 10's evidence, tested beside it.

export interface SetCookie {
  name: string;
  value: string;
  httpOnly: boolean;
  secure: boolean;
  /** As written, e.g. "Lax"; undefined when absent (a browser then treats it as Lax, but says nothing). */
  sameSite: string | undefined;
  /** Seconds from Max-Age, which wins over Expires when both are given. */
  maxAgeSeconds: number | undefined;
  /** From Expires. */
  expires: Date | undefined;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  const cookie: SetCookie = {
    name: (eq === -1 ? '' : pair.slice(0, eq)).trim(),
    value: (eq === -1 ? pair : pair.slice(eq + 1)).trim(),
    httpOnly: false,
    secure: false,
    sameSite: undefined,
    maxAgeSeconds: undefined,
    expires: undefined,
  };
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : attribute.slice(at + 1).trim();
    if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'samesite') cookie.sameSite = value;
    else if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.maxAgeSeconds = Number(value);
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value);
  }
  return cookie;
}

/** How long the browser keeps it, in seconds from `now`; undefined: until the browser closes. */
export function lifetimeSeconds(cookie: SetCookie, now: Date): number | undefined {
  if (cookie.maxAgeSeconds !== undefined) return cookie.maxAgeSeconds;
  if (cookie.expires) return Math.round((cookie.expires.getTime() - now.getTime()) / 1000);
  return undefined;
}

/**
 * The parts of a cookie value that may name its session in the store: express-session writes
 * `s:<id>.<signature>`, URL-encoded; other schemes put an id before or after a separator.
 */
export function sessionIdCandidates(value: string): string[] {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Not URL-encoded: read as is.
  }
  return decoded.split(/[.:]/).filter((part) => part.length >= 16);
}

/** The longest wait a login limit's Retry-After may announce: more means milliseconds given as seconds. */
export const MAX_RETRY_AFTER_SECONDS = 60 * 60;

/**
 * Retry-After as RFC 9110 allows it, whole seconds or an HTTP date still to come, and no more
 * than an hour away: rate-limiter-flexible's msBeforeNext passed on as is reads as ten days.
 */
export function validRetryAfter(value: string | undefined, now: Date): boolean {
  if (value === undefined) return false;
  const text = value.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : (Date.parse(text) - now.getTime()) / 1000;
  return Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_RETRY_AFTER_SECONDS;
}
