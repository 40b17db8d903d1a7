// The user every bench logs in as: the one bench/seed-data fills a database for, and the one the
// reply benches create on theirs.
export const BENCH_USER = { username: "bench", password: "benchmark-password" };
