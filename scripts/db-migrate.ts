import { openMigratedDatabase, runCommand } from "./lib/cli";

runCommand(async () => {
  const handle = await openMigratedDatabase();
  console.log(`migrations applied (${handle.driver})`);
  await handle.close();
});
