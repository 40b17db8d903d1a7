// Scripts see the same .env files as the app: Next.js loads them for the server, this for the CLI.
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
