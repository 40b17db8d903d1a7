// What the benches read off the machine: percentiles, and the app's processes in /proc.
import { readdirSync, readFileSync } from "node:fs";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The processes of a group: each pid, with the fields of its stat after the command name (which may hold spaces). */
function* groupProcesses(group: number): Generator<{ pid: number; fields: string[] }> {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === group) yield { pid: Number(entry), fields };
    } catch {
      // The process ended meanwhile.
    }
  }
}

/** The CPU time (user and system) the processes of a group have used so far, in ms. */
export function groupCpuMs(group: number): number {
  const tick = 1000 / 100; // USER_HZ, 100 on Linux
  let total = 0;
  for (const { fields } of groupProcesses(group)) total += (Number(fields[11]) + Number(fields[12])) * tick;
  return total;
}

/** The app's own node process: the one under npm in its process group that serves. */
export function serverPid(group: number): number {
  for (const { pid } of groupProcesses(group)) {
    try {
      // node, its flags (npm start passes some), then the script.
      const [program, ...args] = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (program?.endsWith("node") && args.some((arg) => arg.endsWith("server/main.mjs"))) return pid;
    } catch {
      // gone meanwhile
    }
  }
  throw new Error("the server's process was not found");
}

/** A process's resident memory now (VmRSS) or at its peak (VmHWM), in MB. */
export function memoryMb(pid: number, field: "VmRSS" | "VmHWM" = "VmRSS"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
}
