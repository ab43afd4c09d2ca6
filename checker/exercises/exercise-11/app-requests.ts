// What the app's replicas say they received: the course's logger writes one JSON line per
// request with its path, the headers as they arrived and the peer that connected (nginx). The
// checks send requests to paths no one else uses and find them here, so they can tell which
// replica answered, what nginx told the app, and over which connection.

export interface SeenRequest {
  path: string;
  /** Lower-case names, as Node gives them. */
  headers: Record<string, string>;
  /** The connection's other end: nginx's address and the port of that connection. */
  peer: { address?: string; port?: number };
}

interface LoggedRequest {
  req?: { path?: unknown; url?: unknown; headers?: unknown; peer?: { address?: unknown; port?: unknown } };
}

/** The requests in one replica's log whose path starts with `prefix`, in order. */
export function requestsInLog(log: string, prefix: string): SeenRequest[] {
  const seen: SeenRequest[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes(prefix) || !line.trimStart().startsWith('{')) continue;
    let entry: LoggedRequest;
    try {
      entry = JSON.parse(line) as LoggedRequest;
    } catch {
      continue;
    }
    const req = entry.req;
    const rawPath = typeof req?.path === 'string' ? req.path : typeof req?.url === 'string' ? req.url : undefined;
    if (!rawPath?.startsWith(prefix)) continue;
    const headers: Record<string, string> = {};
    if (req?.headers && typeof req.headers === 'object') {
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers[name.toLowerCase()] = value;
      }
    }
    const peer = {
      ...(typeof req?.peer?.address === 'string' ? { address: req.peer.address } : {}),
      ...(typeof req?.peer?.port === 'number' ? { port: req.peer.port } : {}),
    };
    seen.push({ path: rawPath, headers, peer });
  }
  return seen;
}

/** How many connections carried these requests: distinct peer address and port pairs. */
export function connectionsOf(requests: SeenRequest[]): number {
  // A request whose peer is unknown is counted as a connection of its own.
  return new Set(requests.map((r, i) => (r.peer.port === undefined ? `unknown ${i}` : `${r.peer.address ?? '?'}:${r.peer.port}`))).size;
}
