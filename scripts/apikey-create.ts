import { createApiKey } from "@/lib/api-keys/commands";
import { openMigratedDatabase, parseFlags, runCommand } from "./lib/cli";

// npm run apikey:create -- --name "وكالة الأنباء" --role writer
// The key is printed once, as the last line of output, so scripts can take it with `tail -n1`.
runCommand(async () => {
  const flags = parseFlags({ name: { type: "string" }, role: { type: "string" } });
  if (!flags.name || !flags.role) throw new Error("usage: npm run apikey:create -- --name N --role admin|editor|writer");
  const handle = await openMigratedDatabase();
  try {
    const created = await createApiKey(handle.db, { name: flags.name, role: flags.role as "writer" }, null);
    console.log(`created ${created.role} API key #${created.id} "${created.name}" (prefix ${created.prefix}); it is shown only now:`);
    console.log(created.key);
  } finally {
    await handle.close();
  }
});
