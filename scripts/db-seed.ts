import { seedDemoContent } from "@/db/seed";
import { openMigratedDatabase, runCommand } from "./lib/cli";

runCommand(async () => {
  const handle = await openMigratedDatabase();
  try {
    const report = await seedDemoContent(handle.db);
    console.log(
      report.skipped
        ? "demo content is already there: nothing added"
        : `demo content added: ${report.sections} sections, ${report.authors} authors, ${report.stories} stories`,
    );
  } finally {
    await handle.close();
  }
});
