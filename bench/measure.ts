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

/** The CPU time the processes named `command` (as /proc/<pid>/comm has it, e.g. postgres) have used so far, in ms. */
export function commandCpuMs(command: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== command) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
    } catch {
      // The process ended meanwhile.
    }
  }
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
  const tick = 1000 / 100;
  return { busy: (user + nice + system + irq + softirq + steal) * tick, steal: steal * tick };
}

/** The CPU time (user and system) of a process's main thread so far, in ms: its event loop's. */
export function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
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
