/** One HTTP request with a deadline; network errors come back as a value, not an exception. */
export async function request(
  url: string,
  { timeoutMs = 5000, init = {} }: { timeoutMs?: number; init?: RequestInit } = {},
): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
