// npm run user -- add|list|passwd|remove: manage accounts from the shell, against SQLite or Postgres,
// before or after the app has first started. The bundle has it as `node server/user.mjs …`
// (scripts/assemble-bundle.mjs), for where there is no checkout, as in the Docker image.
import "./load-env";
import { createInterface } from "node:readline";
import { loginSchema, newPasswordSchema, usernameSchema } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { revokeAccess } from "@/lib/auth/revoke-access";
import { type AuditAction, recordAudit } from "@/lib/db/audit";
import { prisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import {
  countUsers,
  createUser,
  deleteUserKeepingAnAdmin,
  getUserByUsername,
  listUsers,
  updatePasswordHash,
} from "@/lib/db/users";
import { env } from "@/lib/env";

const USAGE = `Usage:
  npm run user -- add <username> [--admin]   create an account (the first one is always an admin)
  npm run user -- list                       list accounts
  npm run user -- passwd <username>          set a new password (ends the user's sessions)
  npm run user -- remove <username>          delete an account and its conversations

In the bundle (the Docker image), \`node server/user.mjs\` stands for \`npm run user --\`.
The password is read from standard input when it is not a terminal, and prompted for otherwise.`;

class UsageError extends Error {}

// Who the audit log names for what is done from the shell, where there is no login or address.
const CLI_ACTOR = "(command line)";

function audit(action: AuditAction, target: string, detail?: string): Promise<void> {
  return recordAudit({ action, actor: CLI_ACTOR, target, address: null, detail });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const output = rl as unknown as { _writeToOutput: (text: string) => void };
      output._writeToOutput = (text: string) => {
        if (text.includes(question)) process.stdout.write(text);
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write("\n");
        resolve(answer);
      });
    });
  const first = await ask("Password: ");
  if ((await ask("Repeat password: ")) !== first) throw new UsageError("The passwords do not match.");
  return first;
}

function parseOrThrow<T>(
  schema: {
    safeParse: (value: unknown) => { success: boolean; data?: T; error?: { issues: { message: string }[] } };
  },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(result.error?.issues[0]?.message ?? "Invalid value.");
  return result.data as T;
}

async function run(args: string[]): Promise<void> {
  const [command, name] = args;
  if (!command || command === "help" || command === "--help") {
    console.info(USAGE);
    return;
  }
  await migrate(env().DATABASE_URL);

  switch (command) {
    case "add": {
      const username = parseOrThrow<string>(usernameSchema, name);
      if (await getUserByUsername({ username })) throw new UsageError(`User ${username} already exists.`);
      const password = parseOrThrow<string>(newPasswordSchema, await readPassword());
      const role = args.includes("--admin") || (await countUsers()) === 0 ? "admin" : "user";
      await createUser({ username, passwordHash: await hashPassword(password), role });
      await audit("admin.user.create", username, `role ${role}`);
      console.info(`Created ${role} ${username}.`);
      return;
    }
    case "list": {
      const users = await listUsers();
      if (users.length === 0) console.info("No users yet.");
      for (const user of users)
        console.info(`${user.username}\t${user.role}\t${user.createdAt.toISOString()}`);
      return;
    }
    case "passwd": {
      const username = parseOrThrow<string>(loginSchema.shape.username, name);
      const user = await getUserByUsername({ username });
      if (!user) throw new UsageError(`No user named ${username}.`);
      const password = parseOrThrow<string>(newPasswordSchema, await readPassword());
      await updatePasswordHash({ username: user.username, passwordHash: await hashPassword(password) });
      await revokeAccess({ userId: user.id });
      await audit("admin.user.update", user.username, "password reset");
      console.info(
        `Changed the password of ${user.username}, ended their sessions and revoked their API tokens.`,
      );
      return;
    }
    case "remove": {
      const username = parseOrThrow<string>(loginSchema.shape.username, name);
      const user = await getUserByUsername({ username });
      const result = user ? await deleteUserKeepingAnAdmin({ id: user.id }) : "not_found";
      if (!user || result === "not_found") throw new UsageError(`No user named ${username}.`);
      if (result === "last_admin") {
        await audit("admin.refused", user.username, "remove: the last administrator");
        throw new UsageError(`${user.username} is the last administrator and cannot be removed.`);
      }
      await audit("admin.user.delete", user.username);
      console.info(`Removed ${user.username} and their conversations.`);
      return;
    }
    default:
      throw new UsageError(`Unknown command ${command}.\n\n${USAGE}`);
  }
}

try {
  await run(process.argv.slice(2));
  await (await prisma()).$disconnect();
} catch (error) {
  console.error(error instanceof UsageError ? error.message : `Failed: ${(error as Error).message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
