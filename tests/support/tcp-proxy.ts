import net from "node:net";

// A TCP proxy that can be cut, to take a database (or anything else) away from a client under test
// and give it back. Plain TypeScript on node:net only, so vitest and Playwright can both import it.

/**
 * refuse: the open connections are reset and the port stops listening, so new ones get
 * ECONNREFUSED — a database that is down or restarting.
 * blackhole: nothing is forwarded any more, but nothing is closed either: open connections fall
 * silent and new ones are accepted and then ignored — a network partition or a frozen host,
 * where no RST ever comes. Bytes sent meanwhile wait in the proxy and are delivered on restore(),
 * as TCP would deliver them once the path heals.
 */
export type CutMode = "refuse" | "blackhole";

export type TcpProxy = {
  /** Where clients connect: 127.0.0.1:<port> by default. */
  host: string;
  port: number;
  cut(options?: { mode?: CutMode }): Promise<void>;
  /** Forwards again; connections held during a blackhole are connected upstream now. */
  restore(): Promise<void>;
  close(): Promise<void>;
};

type Link = { client: net.Socket; upstream: net.Socket | null; upstreamClosedWhileCut?: boolean };

export async function startTcpProxy(options: {
  targetHost: string;
  targetPort: number;
  listenHost?: string;
  /** 0 (the default) picks a free port. */
  listenPort?: number;
}): Promise<TcpProxy> {
  const listenHost = options.listenHost ?? "127.0.0.1";
  const links = new Set<Link>();
  let state: "forwarding" | CutMode = "forwarding";

  const connectUpstream = (link: Link) => {
    const upstream = net.connect(options.targetPort, options.targetHost);
    link.upstream = upstream;
    upstream.on("error", () => {});
    upstream.on("close", () => {
      // Across a partition the client would not hear of it; it learns on restore().
      if (state === "blackhole") link.upstreamClosedWhileCut = true;
      else link.client.destroy();
    });
    forward(link);
  };

  const forward = ({ client, upstream }: Link) => {
    if (!upstream) return;
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const silence = ({ client, upstream }: Link) => {
    // Unpiped and paused, each side's bytes stay buffered here, unread and undelivered.
    client.unpipe();
    client.pause();
    if (upstream) {
      upstream.unpipe();
      upstream.pause();
    }
  };

  const server = net.createServer((client) => {
    const link: Link = { client, upstream: null };
    links.add(link);
    client.on("error", () => {});
    client.on("close", () => {
      links.delete(link);
      link.upstream?.destroy();
    });
    if (state === "forwarding") connectUpstream(link);
    else if (state === "blackhole") client.pause();
    else client.destroy();
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, listenHost, () => {
        server.off("error", reject);
        resolve();
      });
    });

  await listen(options.listenPort ?? 0);
  const port = (server.address() as net.AddressInfo).port;

  const resetAll = () => {
    for (const link of links) {
      link.client.resetAndDestroy();
      link.upstream?.destroy();
    }
    links.clear();
  };

  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

  return {
    host: listenHost,
    port,
    async cut({ mode = "refuse" } = {}) {
      if (state !== "forwarding") throw new Error(`the proxy is already cut (${state})`);
      state = mode;
      if (mode === "refuse") {
        resetAll();
        await stopListening();
      } else {
        for (const link of links) silence(link);
      }
    },
    async restore() {
      if (state === "forwarding") return;
      const previous = state;
      state = "forwarding";
      if (previous === "refuse") {
        // The same port again, so clients that keep their address find it.
        await listen(port);
        return;
      }
      for (const link of links) {
        if (link.upstreamClosedWhileCut) link.client.destroy();
        else if (link.upstream) forward(link);
        else connectUpstream(link);
      }
    },
    async close() {
      state = "refuse";
      resetAll();
      await stopListening();
    },
  };
}
