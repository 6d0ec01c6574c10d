import { reindexSearch } from "@/lib/search/reindex";
import { openMigratedDatabase, runCommand } from "./lib/cli";

// `npm run search:reindex`: run once after a change to lib/search (normalisation, stems or the
// tables in lib/search/data), so stories saved before it are found the way new ones are.
runCommand(async () => {
  const handle = await openMigratedDatabase();
  try {
    const report = await reindexSearch(handle.db, (done) => {
      if (done % 10_000 === 0) console.log(`${done} stories reindexed`);
    });
    console.log(`search reindexed: ${report.articles} stories, ${report.lexiconTerms} lexicon terms, ${report.tagsRenamed} tag identities updated`);
    for (const collision of report.tagCollisions) console.log(`tags that now share one normalised name (merge them in the admin): ${collision}`);
  } finally {
    await handle.close();
  }
});
