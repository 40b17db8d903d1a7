import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAudit } from "@/lib/db/audit";
import { createAuthSession, deleteAuthSession } from "@/lib/db/auth-sessions";
import { getUserByUsername } from "@/lib/db/users";
import { env } from "@/lib/env";
import { clientAddressOf } from "@/lib/http/client-address";
import { loginSchema } from "./credentials";
import { TooManyAttemptsError, throttledLogin } from "./login-throttle";
import { verifyAgainstDecoy, verifyPassword } from "./password";
import { resolveAuthSecret } from "./secret";

let secret: string | undefined;

export function authSecret(): string {
  secret ??= resolveAuthSecret({
    configured: env().NEXTAUTH_SECRET,
    dataDir: env().DATA_DIR,
    production: env().NODE_ENV === "production",
  });
  return secret;
}

export function authOptions(): AuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: env().SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/", error: "/" },
    providers: [
      CredentialsProvider({
        name: "Username and password",
        credentials: {
          username: { label: "Username", type: "text" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, request) {
          const parsed = loginSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const { username, password } = parsed.data;
          const address = clientAddressOf(request?.headers as Record<string, unknown> | undefined);
          let user: Awaited<ReturnType<typeof getUserByUsername>>;
          try {
            user = await throttledLogin({ username, address }, async () => {
              const found = await getUserByUsername({ username });
              const valid = found
                ? await verifyPassword(password, found.passwordHash)
                : await verifyAgainstDecoy(password);
              return found && valid && !found.disabledAt ? found : null;
            });
          } catch (error) {
            if (error instanceof TooManyAttemptsError) {
              await recordAudit({ action: "login.lockout", target: username, address });
            }
            throw error;
          }
          await recordAudit({ action: user ? "login.success" : "login.failure", target: username, address });
          if (!user) return null;
          const sessionId = await createAuthSession({
            userId: user.id,
            maxAgeSeconds: env().SESSION_MAX_AGE_SECONDS,
          });
          return { id: user.id, name: user.username, sessionId };
        },
      }),
    ],
    // next-auth's own sign-out only clears the cookie: the session ends on the server too, as /logout does.
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await deleteAuthSession({ sessionId: token.sid });
      },
    },
    callbacks: {
      jwt({ token, user }) {
        if (user && "sessionId" in user) token.sid = user.sessionId as string;
        return token;
      },
      session({ session, token }) {
        return { ...session, sid: token.sid } as typeof session;
      },
    },
  };
}
