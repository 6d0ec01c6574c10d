import { parseArgs } from "node:util";
import { DEFAULT_PURGE_ACL, renderVcl, startVarnish, VarnishError } from "./lib/varnish";

// `npm run edge -- --listen 127.0.0.1:6081 --origin 127.0.0.1:3000`: Varnish in front of the
// portal, in the foreground, with deploy/varnish/default.vcl. Ctrl-C stops it and removes its work
// dir. `--print-vcl` prints the rendered VCL instead, for a systemd varnishd in production.

const USAGE = `usage: npm run edge -- [--listen 127.0.0.1:6081] [--origin 127.0.0.1:3000[,host:port…]]
                       [--purge-acl 127.0.0.1,::1,10.0.0.0/24] [--healthy-grace 10s]
                       [--storage malloc,256m] [--print-vcl]`;

async function main() {
  const { values: flags } = parseArgs({
    options: {
      listen: { type: "string", default: "127.0.0.1:6081" },
      origin: { type: "string", default: `127.0.0.1:${process.env.PORT || "3000"}` },
      "purge-acl": { type: "string", default: DEFAULT_PURGE_ACL.join(",") },
      "healthy-grace": { type: "string", default: "10s" },
      storage: { type: "string", default: "malloc,256m" },
      "print-vcl": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const vclOptions = {
    origin: flags.origin.split(","),
    purgeAcl: flags["purge-acl"].split(",").map((entry) => entry.trim()).filter(Boolean),
    healthyGrace: flags["healthy-grace"],
  };
  if (flags["print-vcl"]) {
    process.stdout.write(renderVcl(vclOptions));
    return;
  }

  const edge = await startVarnish({ ...vclOptions, listen: flags.listen, storage: flags.storage, output: "inherit" });
  console.log(`\n  edge (Varnish) on ${edge.url}  →  origin ${vclOptions.origin.join(", ")}`);
  console.log(`  purge: PURGE ${edge.url}/ with header xkey-purge: <keys>  (allowed from ${vclOptions.purgeAcl.join(", ")})`);
  console.log(`  on every app instance: EDGE_PURGE_URLS=${edge.url}`);
  console.log(`  work dir ${edge.workDir} (removed on exit); Ctrl-C stops\n`);

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void edge.stop().then(() => process.exit(0));
    });
  }
  const code = await edge.exited;
  if (!stopping) {
    await edge.stop();
    console.error(`varnishd exited (code ${code})`);
    process.exit(code || 1);
  }
}

main().catch((error) => {
  console.error(error instanceof VarnishError || error instanceof TypeError ? error.message : error);
  if (error instanceof TypeError) console.error(USAGE);
  process.exit(1);
});
