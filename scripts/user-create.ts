import { createInterface } from "node:readline/promises";
import { createUser } from "@/lib/users/commands";
import { openMigratedDatabase, parseFlags, runCommand } from "./lib/cli";

runCommand(async () => {
  const flags = parseFlags({
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    slug: { type: "string" },
  });
  if (!flags.email || !flags.name || !flags.role) {
    throw new Error("usage: npm run user:create -- --email E --name N --role admin|editor|writer  (password from PASSWORD or a prompt)");
  }
  const password = process.env.PASSWORD || (await promptPassword());
  const handle = await openMigratedDatabase();
  try {
    const user = await createUser(handle.db, {
      email: flags.email,
      displayName: flags.name,
      role: flags.role as "admin",
      slug: flags.slug ?? "",
      password,
    });
    console.log(`created ${user.role} ${user.email} (author page /author/${user.slug})`);
  } finally {
    await handle.close();
  }
});

async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error("set PASSWORD, or run in a terminal to be asked for it");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question("password: ");
  } finally {
    rl.close();
  }
}
