// What the benches read off the machine: percentiles, and the app's processes in /proc.
import { readdirSync, readFileSync } from "node:fs";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const TICK_MS = 1000 / 100; // USER_HZ, 100 on Linux

/** A /proc stat file: the command name, and the fields after it (the name may hold spaces). */
function readStat(path: string): { command: string; fields: string[] } {
  const stat = readFileSync(path, "utf8");
  const close = stat.lastIndexOf(")");
  return { command: stat.slice(stat.indexOf("(") + 1, close), fields: stat.slice(close + 2).split(" ") };
}

/** The CPU time (user and system) in a stat's fields, in ms. */
const cpuMsOf = (fields: string[]) => (Number(fields[11]) + Number(fields[12])) * TICK_MS;

/** Every process of the machine, with its stat. */
function* processes(): Generator<{ pid: number; command: string; fields: string[] }> {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      yield { pid: Number(entry), ...readStat(`/proc/${entry}/stat`) };
    } catch {
      // The process ended meanwhile.
    }
  }
}

/** The processes of a group. */
function* groupProcesses(group: number): Generator<{ pid: number; fields: string[] }> {
  for (const found of processes()) if (Number(found.fields[2]) === group) yield found;
}

/** The CPU time (user and system) the processes of a group have used so far, in ms. */
export function groupCpuMs(group: number): number {
  let total = 0;
  for (const { fields } of groupProcesses(group)) total += cpuMsOf(fields);
  return total;
}

/** The CPU time the processes named `command` (as /proc/<pid>/comm has it, e.g. postgres) have used so far, in ms. */
export function commandCpuMs(command: string): number {
  let total = 0;
  for (const found of processes()) if (found.command === command) total += cpuMsOf(found.fields);
  return total;
}

/** The machine's CPU time so far, in ms summed over its CPUs: busy in all, and stolen by the hypervisor. */
export function machineCpuMs(): { busy: number; steal: number } {
  // The first line: "cpu  user nice system idle iowait irq softirq steal …", in ticks.
  const [line = ""] = readFileSync("/proc/stat", "utf8").split("\n", 1);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busy: (user + nice + system + irq + softirq + steal) * TICK_MS, steal: steal * TICK_MS };
}

/** The CPU time (user and system) of a process, all its threads, so far, in ms. */
export function pidCpuMs(pid: number): number {
  return cpuMsOf(readStat(`/proc/${pid}/stat`).fields);
}

/** The CPU time (user and system) of a process's main thread so far, in ms: its event loop's. */
export function mainThreadCpuMs(pid: number): number {
  return cpuMsOf(readStat(`/proc/${pid}/task/${pid}/stat`).fields);
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
